//! The drafts library: how drafts, their index, snapshots and damaged copies are laid out in a
//! string key-value store (localStorage in the browser), and every decision about them.
//!
//! The store is the `Store` trait, so everything here runs natively against `MemoryStore`
//! (which can also simulate a full quota or a store that throws), and the browser adapter only
//! moves strings. The core has no clock: every function that records a time takes `now` (ms).
//!
//! Rules kept by every function here:
//! - text we could not read is never overwritten: it is copied to a fresh `shuzhi.damaged.…` key
//!   (verified by reading it back) before its slot is reused, or left where it is;
//! - a save first checks that the stored copy is still the one this tab last read or wrote, so a
//!   second tab (or a newer version of the app) is never silently overwritten;
//! - snapshots and the index are expendable helpers: failing to write them never fails a save.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::Draft;
use super::storage::{
    self, decode_index, decode_snapshots, encode_index, encode_snapshots, BackupDraft, BackupFile, DamagedCopy,
    DecodeError, DraftMeta, SnapshotRecord, DRAFT_KIND, DRAFT_VERSION,
};
use super::template::{builtin, default_template, is_builtin, Template, TemplateError};

/// Every key of the app starts with this (清除本机数据 removes exactly these).
pub const PREFIX: &str = "shuzhi.";
/// The index of drafts (metadata for the list).
pub const INDEX_KEY: &str = "shuzhi.index";
/// The id of the draft opened last (reopened at start-up).
pub const LAST_KEY: &str = "shuzhi.last";
/// The wizard step last shown and whose draft it was: `<id> <step>` (reopening returns there).
pub const STEP_KEY: &str = "shuzhi.step";
/// When 导出备份 last saved all drafts (ms since the epoch, decimal).
pub const BACKUP_AT_KEY: &str = "shuzhi.backup-at";
/// `shuzhi.draft.<id>`: one draft's versioned JSON. The first release stored its only draft
/// as `shuzhi.draft.current`, which this layout reads as the draft with id `current`.
pub const DRAFT_PREFIX: &str = "shuzhi.draft.";
/// `shuzhi.snap.<id>`: one draft's rolling snapshots.
pub const SNAP_PREFIX: &str = "shuzhi.snap.";
/// `shuzhi.damaged.<ms>[-n]`: text that could not be read, kept verbatim. The first release
/// used the single key `shuzhi.damaged`, which is listed too.
pub const DAMAGED_PREFIX: &str = "shuzhi.damaged";
/// `shuzhi.template.<id>`: a template loaded from a file (载入模板文件), the file's JSON text.
pub const TEMPLATE_PREFIX: &str = "shuzhi.template.";
pub use super::template::TEMPLATE_MAX_BYTES;

/// Snapshots are at least this far apart …
pub const SNAPSHOT_INTERVAL_MS: u64 = 60_000;
/// … and at most this many are kept per draft …
pub const SNAPSHOT_LIMIT: usize = 10;
/// … in at most this many UTF-16 code units per draft (≈ 3 MB of the ≈ 10 MB a browser grants),
/// so snapshots of a huge draft can never crowd out the draft itself.
pub const SNAPSHOT_BUDGET_UNITS: usize = 1_500_000;
/// 导出备份 is suggested after a week without one.
pub const BACKUP_REMINDER_MS: u64 = 7 * 24 * 60 * 60 * 1000;
/// Chromium's localStorage quota per origin: 5 Mi UTF-16 code units, keys included (measured).
pub const CHROMIUM_QUOTA_UNITS: usize = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The store

/// Why the store refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage is full (`QuotaExceededError`).
    Quota,
    /// Storage cannot be used at all (blocked, sandboxed, disabled) or threw something else.
    Unavailable(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Quota => f.write_str("浏览器存储空间已满"),
            StoreError::Unavailable(why) => write!(f, "无法使用浏览器存储（{why}）"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A string key-value store with localStorage's semantics: a failed `set` leaves the old value.
pub trait Store {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
    /// The stored value's length in UTF-16 code units, without copying it where that is cheaper.
    fn units(&self, key: &str) -> Result<Option<usize>, StoreError> {
        Ok(self.get(key)?.map(|v| utf16_len(&v)))
    }
}

/// Faults a `MemoryStore` can simulate (tests, and nothing else).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Every read throws (storage blocked after the page loaded).
    pub reads: bool,
    /// Every write throws `QuotaExceededError`, whatever its size (a stubbed `setItem`).
    pub writes_quota: bool,
}

/// An in-memory store: the memory-only mode of the app, and the store of the native tests,
/// with Chromium's quota rule (keys and values counted in UTF-16 code units) when given one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    /// The quota in UTF-16 code units; `None` is unlimited.
    pub quota_units: Option<usize>,
    pub faults: Faults,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// A store with Chromium's quota.
    pub fn chromium() -> MemoryStore {
        MemoryStore { quota_units: Some(CHROMIUM_QUOTA_UNITS), ..MemoryStore::default() }
    }

    pub fn with_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> MemoryStore {
        let mut store = MemoryStore::new();
        for (k, v) in entries {
            store.entries.insert(k.to_string(), v.to_string());
        }
        store
    }

    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }

    /// Code units in use, as Chromium counts them.
    pub fn used_units(&self) -> usize {
        self.entries.iter().map(|(k, v)| utf16_len(k) + utf16_len(v)).sum()
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if self.faults.reads {
            return Err(StoreError::Unavailable("SecurityError: 读取被拒绝".into()));
        }
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.faults.writes_quota {
            return Err(StoreError::Quota);
        }
        if let Some(quota) = self.quota_units {
            let old = self.entries.get(key).map_or(0, |v| utf16_len(key) + utf16_len(v));
            let after = self.used_units() - old + utf16_len(key) + utf16_len(value);
            if after > quota {
                return Err(StoreError::Quota);
            }
        }
        self.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        if self.faults.reads {
            return Err(StoreError::Unavailable("SecurityError: 读取被拒绝".into()));
        }
        Ok(self.entries.keys().cloned().collect())
    }
}

pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Bytes a key and value take in the browser (UTF-16, two bytes per code unit).
pub fn stored_bytes(key: &str, value_units: usize) -> u64 {
    2 * (utf16_len(key) + value_units) as u64
}

pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

pub fn snapshots_key(id: &str) -> String {
    format!("{SNAP_PREFIX}{id}")
}

pub fn template_key(id: &str) -> String {
    format!("{TEMPLATE_PREFIX}{id}")
}

pub fn is_app_key(key: &str) -> bool {
    key.starts_with(PREFIX)
}

fn is_damaged_key(key: &str) -> bool {
    key == DAMAGED_PREFIX || key.starts_with(&format!("{DAMAGED_PREFIX}."))
}

/// Identifies a stored text cheaply (length and FNV-1a), to notice that someone else wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: usize,
    hash: u64,
}

pub fn fingerprint(text: &str) -> Fingerprint {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Fingerprint { len: text.len(), hash }
}

/// All bytes the app's keys take (shown as 本机已用).
pub fn usage(store: &dyn Store) -> Result<u64, StoreError> {
    let mut total = 0;
    for key in store.keys()?.iter().filter(|k| is_app_key(k)) {
        total += stored_bytes(key, store.units(key)?.unwrap_or(0));
    }
    Ok(total)
}

// ---------------------------------------------------------------------------------------------
// Metadata and the index

/// Can a stored draft be opened, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Ok,
    /// Saved by a newer version: shown read-only, never written.
    Newer { version: u32 },
    /// Could not be read and could not be moved aside (e.g. storage full): left where it is.
    Damaged(DecodeError),
}

/// One draft as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub meta: DraftMeta,
    pub health: Health,
}

/// Title, template and year of a draft, for the index.
fn describe(meta: &mut DraftMeta, draft: &Draft) {
    // An unknown template (a newer version's) still gets a title from the default pattern; the
    // list names the template by its id then.
    let known = builtin(&draft.template_id);
    meta.template_name = known.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| draft.template_id.clone());
    meta.title = draft.title(&known.unwrap_or_else(default_template));
    meta.template_id = draft.template_id.clone();
    meta.year = draft.info("year").trim().to_string();
    meta.chars = draft.written_chars() as u64;
}

/// `describe`, also knowing the templates loaded from files (their names and title patterns).
fn describe_in(store: &dyn Store, meta: &mut DraftMeta, draft: &Draft) {
    describe(meta, draft);
    if !is_builtin(&draft.template_id) {
        if let Some(template) = stored_template(store, &draft.template_id) {
            meta.template_name = template.name.clone();
            meta.title = draft.title(&template);
        }
    }
}

/// Reads the index; a damaged or newer one is moved aside (it is only a cache of the drafts).
fn read_index(store: &mut dyn Store, now: u64, notices: &mut Vec<Notice>) -> Result<Vec<DraftMeta>, StoreError> {
    let Some(raw) = store.get(INDEX_KEY)? else { return Ok(Vec::new()) };
    match decode_index(&raw) {
        Ok(metas) => Ok(metas),
        Err(why) => {
            match quarantine(store, &raw, now) {
                Ok(to) => {
                    let _ = store.remove(INDEX_KEY);
                    notices.push(Notice::IndexRebuilt { kept_as: Some(to), why });
                }
                // The index stays as it is and is not rewritten this session (see `write_index`).
                Err(_) => notices.push(Notice::IndexRebuilt { kept_as: None, why }),
            }
            Ok(Vec::new())
        }
    }
}

/// Writes the index unless the stored one is unreadable and could not be kept elsewhere.
fn write_index(store: &mut dyn Store, metas: &[DraftMeta]) -> Result<(), StoreError> {
    if let Some(raw) = store.get(INDEX_KEY)? {
        if decode_index(&raw).is_err() {
            return Ok(());
        }
    }
    store.set(INDEX_KEY, &encode_index(metas))
}

/// The index as it stands (no repair), for updates within a session.
fn current_index(store: &dyn Store) -> Result<Vec<DraftMeta>, StoreError> {
    Ok(store.get(INDEX_KEY)?.and_then(|raw| decode_index(&raw).ok()).unwrap_or_default())
}

fn upsert(metas: &mut Vec<DraftMeta>, meta: DraftMeta) {
    match metas.iter_mut().find(|m| m.id == meta.id) {
        Some(slot) => *slot = meta,
        None => metas.push(meta),
    }
}

/// The drafts stored now, most recently edited first, with their health (read from each draft's
/// head only: the list never decodes megabytes).
pub fn list(store: &dyn Store) -> Result<Vec<Entry>, StoreError> {
    let metas = current_index(store)?;
    let keys = store.keys()?;
    let mut entries = Vec::new();
    for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
        let id = &key[DRAFT_PREFIX.len()..];
        let Some(raw) = store.get(key)? else { continue };
        let known = metas.iter().find(|m| m.id == id).cloned();
        let mut meta = known.clone().unwrap_or_else(|| DraftMeta { id: id.to_string(), ..DraftMeta::default() });
        // Not in the index (another tab's index write lost a race): describe it from the draft.
        if known.is_none() {
            if let Ok(draft) = storage::decode(&raw) {
                describe_in(store, &mut meta, &draft);
            }
        }
        meta.size = stored_bytes(key, utf16_len(&raw));
        let health = match storage::peek(&raw) {
            Ok((kind, version)) if kind == DRAFT_KIND && version > DRAFT_VERSION => Health::Newer { version },
            Ok((kind, _)) if kind == DRAFT_KIND => Health::Ok,
            Ok(_) => Health::Damaged(DecodeError::NotADraft),
            Err(why) => Health::Damaged(why),
        };
        entries.push(Entry { meta, health });
    }
    sort_entries(&mut entries);
    Ok(entries)
}

fn sort_entries(entries: &mut [Entry]) {
    super::order::sort_by(entries, |a, b| b.meta.edited.cmp(&a.meta.edited).then_with(|| a.meta.id.cmp(&b.meta.id)));
}

/// The keys of kept damaged texts, oldest first, with their size in bytes.
pub fn damaged_copies(store: &dyn Store) -> Result<Vec<(String, u64)>, StoreError> {
    let mut out = Vec::new();
    for key in store.keys()?.into_iter().filter(|k| is_damaged_key(k)) {
        let units = store.units(&key)?.unwrap_or(0);
        let bytes = stored_bytes(&key, units);
        out.push((key, bytes));
    }
    super::order::sort_by_key(&mut out, |(k, _)| damaged_order(k));
    Ok(out)
}

fn damaged_order(key: &str) -> (u64, u64) {
    let rest = key.strip_prefix(DAMAGED_PREFIX).and_then(|r| r.strip_prefix('.')).unwrap_or("");
    let (ms, n) = rest.split_once('-').unwrap_or((rest, "1"));
    (ms.parse().unwrap_or(0), n.parse().unwrap_or(0))
}

/// Copies unreadable text to a fresh damaged key and reads it back. Never overwrites a key.
pub fn quarantine(store: &mut dyn Store, raw: &str, now: u64) -> Result<String, StoreError> {
    let keys = store.keys()?;
    // The same text kept already (e.g. the copy succeeded but removing the original did not).
    for key in keys.iter().filter(|k| is_damaged_key(k)) {
        if store.get(key)?.as_deref() == Some(raw) {
            return Ok(key.clone());
        }
    }
    let base = format!("{DAMAGED_PREFIX}.{now}");
    let mut key = base.clone();
    let mut n = 1;
    while keys.contains(&key) {
        n += 1;
        key = format!("{base}-{n}");
    }
    store.set(&key, raw)?;
    if store.get(&key)?.as_deref() != Some(raw) {
        return Err(StoreError::Unavailable("备份副本读回不一致".into()));
    }
    Ok(key)
}

// ---------------------------------------------------------------------------------------------
// Start-up

/// Something start-up found that the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A draft could not be read; its text was kept verbatim under `kept_as`.
    Quarantined { id: String, kept_as: String, why: DecodeError },
    /// A draft could not be read nor copied aside; it stays where it is and is never written.
    Unreadable { id: String, why: DecodeError, store: StoreError },
    /// Saved by a newer version of the app.
    Newer { id: String, version: u32 },
    /// The index was damaged (kept under `kept_as` when that worked) and was rebuilt.
    IndexRebuilt { kept_as: Option<String>, why: DecodeError },
    /// The first release's single draft was found and joined the list.
    Migrated { id: String },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Quarantined { why, .. } => write!(
                f,
                "有一份保存的报告无法读取（{}）。原始内容已原样另存为备份，不会被覆盖，可以在“我的报告”中下载。",
                short_reason(why)
            ),
            Notice::Unreadable { why, store, .. } => write!(
                f,
                "有一份保存的报告无法读取（{}），也无法另存备份（{store}）。它保持原样、不会被覆盖，可以在“我的报告”中下载。",
                short_reason(why)
            ),
            Notice::Newer { version, .. } => write!(
                f,
                "这份报告由更新版本的述职报告向导保存（格式版本 {version}，本程序支持到 {DRAFT_VERSION}），只能查看，不能修改，以免损坏新版本的内容。可以在“我的报告”中另存为副本再修改。"
            ),
            Notice::IndexRebuilt { kept_as: Some(_), .. } => {
                f.write_str("报告列表的数据已损坏，已根据保存的报告重建；原来的列表数据另存为了备份。")
            }
            Notice::IndexRebuilt { kept_as: None, .. } => f.write_str("报告列表的数据已损坏，本次根据保存的报告临时重建。"),
            Notice::Migrated { .. } => f.write_str("已把旧版本保存的报告加入“我的报告”。"),
        }
    }
}

/// Why text could not be read, in words for the user (the parser's own message, in English,
/// stays in the `DecodeError` for whoever looks at the kept copy).
pub fn short_reason(why: &DecodeError) -> String {
    match why {
        DecodeError::Damaged(_) => "数据已损坏或被改动过".into(),
        DecodeError::NotADraft => "不是报告数据".into(),
        DecodeError::Newer { version } => format!("由更新版本保存，格式版本 {version}"),
    }
}

/// What start-up opens.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// A stored draft, editable.
    Stored { id: String, draft: Draft },
    /// A draft saved by a newer version, read leniently to be shown read-only.
    ReadOnly { id: String, draft: Draft, version: u32 },
    /// Nothing to open: a new draft, not stored until it changes.
    Fresh { id: String, draft: Draft },
}

impl Opened {
    pub fn id(&self) -> &str {
        match self {
            Opened::Stored { id, .. } | Opened::ReadOnly { id, .. } | Opened::Fresh { id, .. } => id,
        }
    }
}

/// What start-up found and decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Startup {
    pub entries: Vec<Entry>,
    pub opened: Opened,
    pub session: Session,
    pub notices: Vec<Notice>,
    pub last_backup: Option<u64>,
}

/// Checks every stored draft, repairs the index, keeps damaged text aside, and decides what to
/// open: the last opened draft, else the most recently edited, else a new one of `template`.
/// Writes are best-effort (a full storage must not stop the app from opening); only reads that
/// throw make it fail, and then the caller switches to memory-only mode.
pub fn start(store: &mut dyn Store, template: &Template, now: u64) -> Result<Startup, StoreError> {
    let mut notices = Vec::new();
    let keys = store.keys()?;
    let had_index = store.get(INDEX_KEY)?.is_some();
    let index = read_index(store, now, &mut notices)?;
    let mut entries: Vec<Entry> = Vec::new();
    for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
        let id = key[DRAFT_PREFIX.len()..].to_string();
        let Some(raw) = store.get(key)? else { continue };
        let known = index.iter().find(|m| m.id == id).cloned();
        let mut meta = known.clone().unwrap_or_else(|| DraftMeta { id: id.clone(), ..DraftMeta::default() });
        meta.size = stored_bytes(key, utf16_len(&raw));
        match storage::decode(&raw) {
            Ok(draft) => {
                describe_in(&*store, &mut meta, &draft);
                if known.is_none() && !had_index {
                    notices.push(Notice::Migrated { id: id.clone() });
                }
                entries.push(Entry { meta, health: Health::Ok });
            }
            Err(DecodeError::Newer { version }) => {
                if let Some((draft, _)) = storage::decode_newer(&raw) {
                    if known.is_none() {
                        describe(&mut meta, &draft);
                    }
                }
                entries.push(Entry { meta, health: Health::Newer { version } });
            }
            Err(why) => match quarantine(store, &raw, now) {
                Ok(kept_as) => {
                    // The copy is verified, so the slot can go; if removing fails the text is
                    // simply in both places.
                    let _ = store.remove(key);
                    let _ = store.remove(&snapshots_key(&id));
                    notices.push(Notice::Quarantined { id, kept_as, why });
                }
                Err(store_error) => {
                    notices.push(Notice::Unreadable { id: id.clone(), why: why.clone(), store: store_error });
                    entries.push(Entry { meta, health: Health::Damaged(why) });
                }
            },
        }
    }
    sort_entries(&mut entries);
    let metas: Vec<DraftMeta> = entries.iter().map(|e| e.meta.clone()).collect();
    if metas != index {
        let _ = write_index(store, &metas);
    }

    let last = store.get(LAST_KEY)?;
    let openable = |e: &&Entry| matches!(e.health, Health::Ok | Health::Newer { .. });
    let choice = last
        .as_deref()
        .and_then(|id| entries.iter().filter(openable).find(|e| e.meta.id == id))
        .or_else(|| entries.iter().find(|e| e.health == Health::Ok))
        .or_else(|| entries.iter().find(openable))
        .map(|e| e.meta.id.clone());
    let (opened, session) = match choice.map(|id| open(store, &id)) {
        Some(Ok((opened, session))) => (opened, session),
        // Nothing to open, or what we chose vanished or broke between the reads: start anew.
        _ => {
            let id = new_id(&entries, now);
            let draft = Draft::new(template);
            (Opened::Fresh { id: id.clone(), draft }, Session::fresh(id))
        }
    };
    if let Opened::ReadOnly { id, version, .. } = &opened {
        notices.push(Notice::Newer { id: id.clone(), version: *version });
    }
    let last_backup = store.get(BACKUP_AT_KEY)?.and_then(|v| v.trim().parse().ok());
    Ok(Startup { entries, opened, session, notices, last_backup })
}

/// Remembers `step` (the app's name for it, e.g. its URL hash) as the one shown last for draft
/// `id`; writes only when it changed.
pub fn remember_step(store: &mut dyn Store, id: &str, step: &str) -> Result<(), StoreError> {
    let value = format!("{id} {step}");
    if store.get(STEP_KEY)?.as_deref() != Some(value.as_str()) {
        store.set(STEP_KEY, &value)?;
    }
    Ok(())
}

/// The step shown last for draft `id`, if it is the draft remembered.
pub fn last_step(store: &dyn Store, id: &str) -> Option<String> {
    let value = store.get(STEP_KEY).ok()??;
    let (owner, step) = value.split_once(' ')?;
    (owner == id).then(|| step.to_string())
}

/// A new draft id, unique among `entries` (`d<ms>`, the importer's form too).
pub fn new_id(entries: &[Entry], now: u64) -> String {
    let taken = |id: &str| entries.iter().any(|e| e.meta.id == id);
    let base = format!("d{now}");
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or(base)
}

fn new_id_in(store: &dyn Store, now: u64) -> Result<String, StoreError> {
    let keys = store.keys()?;
    let base = format!("d{now}");
    let free = |id: &str| !keys.contains(&draft_key(id)) && !keys.contains(&snapshots_key(id));
    if free(&base) {
        return Ok(base);
    }
    Ok((2..).map(|n| format!("{base}-{n}")).find(|id| free(id)).unwrap_or(base))
}

// ---------------------------------------------------------------------------------------------
// The open draft

/// Why saving the open draft is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// Saved by a newer version: writing would destroy what it added.
    Newer { version: u32 },
    /// The stored copy changed under us (another tab) or holds text we cannot read.
    Conflict,
    /// 清除本机数据 ran: nothing may be written again until the page reloads.
    Wiped,
}

impl std::fmt::Display for Blocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Blocked::Newer { .. } => f.write_str("由更新版本保存，只读"),
            Blocked::Conflict => f.write_str("另一个标签页修改了这份报告"),
            Blocked::Wiped => f.write_str("本机数据已清除"),
        }
    }
}

/// What this tab knows about the open draft's stored copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    /// The stored text this tab last read or wrote (`None`: the key must be absent).
    base: Option<Fingerprint>,
    /// When the last snapshot was taken (ms), to keep them a minute apart.
    last_snapshot: Option<u64>,
    blocked: Option<Blocked>,
}

impl Session {
    /// A draft not stored yet.
    pub fn fresh(id: String) -> Session {
        Session { id, base: None, last_snapshot: None, blocked: None }
    }

    pub fn blocked(&self) -> Option<&Blocked> {
        self.blocked.as_ref()
    }

    /// Whether this tab has read or written the draft's key (a fresh draft has not).
    pub fn is_stored(&self) -> bool {
        self.base.is_some()
    }

    pub fn block(&mut self, why: Blocked) {
        self.blocked = Some(why);
    }

    /// Whether `stored` (the draft key's current value) is what this tab last read or wrote.
    pub fn is_base(&self, stored: Option<&str>) -> bool {
        stored.map(fingerprint) == self.base
    }
}

/// Why a draft cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    Missing,
    /// Unreadable; kept under `kept_as` when that worked.
    Damaged { why: DecodeError, kept_as: Option<String> },
    Store(StoreError),
}

impl From<StoreError> for OpenError {
    fn from(e: StoreError) -> OpenError {
        OpenError::Store(e)
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Missing => f.write_str("这份报告已不在本机（可能在另一个标签页中删除了）"),
            OpenError::Damaged { why, kept_as: Some(_) } => write!(f, "这份报告无法读取（{why}），原始内容已另存为备份"),
            OpenError::Damaged { why, kept_as: None } => write!(f, "这份报告无法读取（{why}）"),
            OpenError::Store(e) => e.fmt(f),
        }
    }
}

/// Opens a stored draft and records it as the last opened one.
pub fn open(store: &mut dyn Store, id: &str) -> Result<(Opened, Session), OpenError> {
    let key = draft_key(id);
    let raw = store.get(&key)?.ok_or(OpenError::Missing)?;
    let last_snapshot = read_snapshots(store, id).ok().and_then(|s| s.last().map(|r| r.at));
    let base = Some(fingerprint(&raw));
    let result = match storage::decode(&raw) {
        Ok(draft) => (
            Opened::Stored { id: id.to_string(), draft },
            Session { id: id.to_string(), base, last_snapshot, blocked: None },
        ),
        Err(DecodeError::Newer { version }) => match storage::decode_newer(&raw) {
            Some((draft, _)) => (
                Opened::ReadOnly { id: id.to_string(), draft, version },
                Session { id: id.to_string(), base, last_snapshot, blocked: Some(Blocked::Newer { version }) },
            ),
            None => return Err(OpenError::Damaged { why: DecodeError::Newer { version }, kept_as: None }),
        },
        Err(why) => return Err(OpenError::Damaged { why, kept_as: None }),
    };
    let _ = store.set(LAST_KEY, id);
    Ok(result)
}

/// A session for a draft the UI switched to by itself (an import opened as a new draft): an
/// absent key is fresh; an existing readable one is taken as is; anything else is never written.
pub fn adopt(store: &dyn Store, id: &str) -> Result<Session, StoreError> {
    let Some(raw) = store.get(&draft_key(id))? else { return Ok(Session::fresh(id.to_string())) };
    let mut session = Session { id: id.to_string(), base: Some(fingerprint(&raw)), last_snapshot: None, blocked: None };
    match storage::decode(&raw) {
        Ok(_) => {}
        Err(DecodeError::Newer { version }) => session.blocked = Some(Blocked::Newer { version }),
        Err(_) => session.blocked = Some(Blocked::Conflict),
    }
    Ok(session)
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    Store(StoreError),
    Blocked(Blocked),
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> SaveError {
        SaveError::Store(e)
    }
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Store(e) => e.fmt(f),
            SaveError::Blocked(b) => b.fmt(f),
        }
    }
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The stored text was already this draft: nothing was written.
    pub unchanged: bool,
    /// The previous stored version was kept as a snapshot.
    pub snapshot: bool,
    /// Bytes the draft takes in storage.
    pub bytes: u64,
}

/// Whether a save at `now` also keeps the previous version as a snapshot.
pub fn should_snapshot(last_snapshot: Option<u64>, now: u64) -> bool {
    match last_snapshot {
        None => true,
        Some(at) => now.saturating_sub(at) >= SNAPSHOT_INTERVAL_MS,
    }
}

/// Saves the open draft. Refuses when the session is blocked or the stored copy is not the one
/// this tab last read or wrote (then the session becomes blocked: `Conflict`). A full storage
/// leaves the stored copy as it was. The version being replaced becomes a snapshot when the last
/// one is a minute old; the index is updated. Neither of those can fail the save.
pub fn save(store: &mut dyn Store, session: &mut Session, draft: &Draft, now: u64) -> Result<Saved, SaveError> {
    if let Some(blocked) = &session.blocked {
        return Err(SaveError::Blocked(blocked.clone()));
    }
    let key = draft_key(&session.id);
    let stored = store.get(&key)?;
    if !session.is_base(stored.as_deref()) {
        session.blocked = Some(Blocked::Conflict);
        return Err(SaveError::Blocked(Blocked::Conflict));
    }
    let json = storage::encode(draft);
    let bytes = stored_bytes(&key, utf16_len(&json));
    let new = fingerprint(&json);
    if session.base == Some(new) {
        return Ok(Saved { unchanged: true, snapshot: false, bytes });
    }
    store.set(&key, &json)?;
    session.base = Some(new);

    let mut metas = current_index(store)?;
    let previous = metas.iter().find(|m| m.id == session.id).cloned();
    let mut snapshot = false;
    if let Some(old) = stored.as_deref() {
        if should_snapshot(session.last_snapshot, now) {
            let at = previous.as_ref().map(|m| m.edited).filter(|&t| t > 0).unwrap_or(now);
            if add_snapshot(store, &session.id, old, at).unwrap_or(false) {
                session.last_snapshot = Some(now);
                snapshot = true;
            }
        }
    }
    let mut meta = previous.unwrap_or_else(|| DraftMeta { id: session.id.clone(), created: now, ..DraftMeta::default() });
    describe_in(&*store, &mut meta, draft);
    meta.edited = now;
    meta.size = bytes;
    upsert(&mut metas, meta);
    let _ = write_index(store, &metas);
    if store.get(LAST_KEY)?.as_deref() != Some(session.id.as_str()) {
        let _ = store.set(LAST_KEY, &session.id);
    }
    Ok(Saved { unchanged: false, snapshot, bytes })
}

/// Takes the stored copy back as this tab's own (在本页继续编辑 after another tab wrote it).
/// Returns the stored draft to show, or `None` when the key is gone (the next save recreates it).
pub fn take_over(store: &dyn Store, session: &mut Session) -> Result<Option<Draft>, OpenError> {
    let raw = store.get(&draft_key(&session.id))?;
    let draft = match raw.as_deref().map(storage::decode) {
        None => None,
        Some(Ok(draft)) => Some(draft),
        Some(Err(DecodeError::Newer { version })) => {
            session.base = raw.as_deref().map(fingerprint);
            session.blocked = Some(Blocked::Newer { version });
            return Err(OpenError::Damaged { why: DecodeError::Newer { version }, kept_as: None });
        }
        Some(Err(why)) => return Err(OpenError::Damaged { why, kept_as: None }),
    };
    session.base = raw.as_deref().map(fingerprint);
    session.blocked = None;
    Ok(draft)
}

// ---------------------------------------------------------------------------------------------
// Snapshots

/// The snapshots of a draft, oldest first. An unreadable list is an error (and is not written).
pub fn read_snapshots(store: &dyn Store, id: &str) -> Result<Vec<SnapshotRecord>, OpenError> {
    match store.get(&snapshots_key(id))? {
        None => Ok(Vec::new()),
        Some(raw) => decode_snapshots(&raw).map_err(|why| OpenError::Damaged { why, kept_as: None }),
    }
}

/// Adds stored draft text as the newest snapshot, keeping at most `SNAPSHOT_LIMIT` within
/// `SNAPSHOT_BUDGET_UNITS`; when storage is full, older snapshots give way to the new one, but
/// the list is only rewritten if that works. `Ok(false)`: nothing was added.
pub fn add_snapshot(store: &mut dyn Store, id: &str, stored_json: &str, at: u64) -> Result<bool, StoreError> {
    let Ok(draft) = serde_json::from_str::<Value>(stored_json) else { return Ok(false) };
    let key = snapshots_key(id);
    let mut list = match store.get(&key)? {
        None => Vec::new(),
        Some(raw) => match decode_snapshots(&raw) {
            Ok(list) => list,
            // Never overwrite what we cannot read: keep it aside first.
            Err(_) => {
                quarantine(store, &raw, at)?;
                Vec::new()
            }
        },
    };
    if list.last().map(|r| &r.draft) == Some(&draft) {
        return Ok(false);
    }
    let chars = storage::decode_value(draft.clone()).map(|d| d.written_chars() as u64).unwrap_or(0);
    list.push(SnapshotRecord { at, chars, draft });
    while list.len() > SNAPSHOT_LIMIT {
        list.remove(0);
    }
    loop {
        let json = encode_snapshots(&list);
        if utf16_len(&json) > SNAPSHOT_BUDGET_UNITS {
            if list.len() <= 1 {
                return Ok(false);
            }
            list.remove(0);
            continue;
        }
        match store.set(&key, &json) {
            Ok(()) => return Ok(true),
            Err(StoreError::Quota) if list.len() > 1 => {
                list.remove(0);
            }
            Err(StoreError::Quota) => return Ok(false),
            Err(e) => return Err(e),
        }
    }
}

/// Keeps the open draft's stored version as a snapshot now, whatever the interval (before a
/// restore or an import replaces it, so that too can be undone).
pub fn snapshot_now(store: &mut dyn Store, session: &mut Session, now: u64) -> Result<bool, StoreError> {
    let Some(raw) = store.get(&draft_key(&session.id))? else { return Ok(false) };
    let at = current_index(store)?
        .into_iter()
        .find(|m| m.id == session.id)
        .map(|m| m.edited)
        .filter(|&t| t > 0)
        .unwrap_or(now);
    let added = add_snapshot(store, &session.id, &raw, at)?;
    if added {
        session.last_snapshot = Some(now);
    }
    Ok(added)
}

/// Removes all snapshots of a draft (to make room when storage is full; the user asks for it).
pub fn drop_snapshots(store: &mut dyn Store, id: Option<&str>) -> Result<u64, StoreError> {
    let mut freed = 0;
    for key in store.keys()?.into_iter().filter(|k| k.starts_with(SNAP_PREFIX)) {
        if id.is_some_and(|id| key != snapshots_key(id)) {
            continue;
        }
        let raw = store.get(&key)?.unwrap_or_default();
        // Unreadable lists are kept: they are someone's text.
        if decode_snapshots(&raw).is_ok() {
            store.remove(&key)?;
            freed += stored_bytes(&key, utf16_len(&raw));
        }
    }
    Ok(freed)
}

// ---------------------------------------------------------------------------------------------
// 我的报告: create, duplicate, rename, delete

/// Stores a new draft (new, a copy or an import) under a fresh id and lists it.
pub fn create(store: &mut dyn Store, draft: &Draft, name: &str, now: u64) -> Result<(String, Session), SaveError> {
    let id = new_id_in(store, now)?;
    let mut session = Session::fresh(id.clone());
    save(store, &mut session, draft, now)?;
    if !name.is_empty() {
        let _ = rename(store, &id, name);
    }
    let _ = store.set(LAST_KEY, &id);
    Ok((id, session))
}

/// Copies a stored draft (a newer version's draft is copied as far as it can be read, so the
/// copy can be edited). Returns the copy's id.
pub fn duplicate(store: &mut dyn Store, id: &str, now: u64) -> Result<String, OpenError> {
    let raw = store.get(&draft_key(id))?.ok_or(OpenError::Missing)?;
    let draft = match storage::decode(&raw) {
        Ok(draft) => draft,
        Err(DecodeError::Newer { version }) => storage::decode_newer(&raw)
            .map(|(d, _)| d)
            .ok_or(OpenError::Damaged { why: DecodeError::Newer { version }, kept_as: None })?,
        Err(why) => return Err(OpenError::Damaged { why, kept_as: None }),
    };
    let meta = current_index(store)?.into_iter().find(|m| m.id == id);
    let mut probe = DraftMeta::default();
    describe(&mut probe, &draft);
    let base = meta.as_ref().map(|m| m.display_name().to_string()).unwrap_or_else(|| probe.display_name().to_string());
    // The copy is stored, not opened: start-up goes on reopening the draft that was being edited
    // (storing writes the last-opened key; it is put back).
    let last = store.get(LAST_KEY)?;
    let (copy, _) = create(store, &draft, &format!("{base}（副本）"), now).map_err(|e| match e {
        SaveError::Store(e) => OpenError::Store(e),
        SaveError::Blocked(_) => OpenError::Missing,
    })?;
    let _ = match last {
        Some(last) => store.set(LAST_KEY, &last),
        None => store.remove(LAST_KEY),
    };
    Ok(copy)
}

/// Names a draft in the list (an empty name shows the report's title again).
pub fn rename(store: &mut dyn Store, id: &str, name: &str) -> Result<(), StoreError> {
    let mut metas = current_index(store)?;
    let Some(meta) = metas.iter_mut().find(|m| m.id == id) else { return Ok(()) };
    meta.name = name.trim().chars().take(100).collect();
    write_index(store, &metas)
}

/// What `delete` took away, for 撤销.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub meta: Option<DraftMeta>,
    pub id: String,
    pub draft: String,
    pub snapshots: Option<String>,
}

pub fn delete(store: &mut dyn Store, id: &str) -> Result<Removed, StoreError> {
    let key = draft_key(id);
    let draft = store.get(&key)?.unwrap_or_default();
    let snapshots = store.get(&snapshots_key(id))?;
    let mut metas = current_index(store)?;
    let meta = metas.iter().position(|m| m.id == id).map(|i| metas.remove(i));
    store.remove(&key)?;
    store.remove(&snapshots_key(id))?;
    let _ = write_index(store, &metas);
    if store.get(LAST_KEY)?.as_deref() == Some(id) {
        let _ = store.remove(LAST_KEY);
    }
    Ok(Removed { meta, id: id.to_string(), draft, snapshots })
}

/// 撤销 of `delete`: puts everything back unless the id was taken again meanwhile.
pub fn undelete(store: &mut dyn Store, removed: &Removed) -> Result<(), StoreError> {
    let key = draft_key(&removed.id);
    if store.get(&key)?.is_some() {
        return Ok(());
    }
    store.set(&key, &removed.draft)?;
    if let Some(snapshots) = &removed.snapshots {
        let _ = store.set(&snapshots_key(&removed.id), snapshots);
    }
    let mut metas = current_index(store)?;
    if let Some(meta) = &removed.meta {
        upsert(&mut metas, meta.clone());
    }
    let _ = write_index(store, &metas);
    Ok(())
}

/// Which draft to show after the open one was deleted: the most recent other editable one.
pub fn pick_after_delete(entries: &[Entry], deleted: &str) -> Option<String> {
    entries.iter().find(|e| e.meta.id != deleted && e.health == Health::Ok).map(|e| e.meta.id.clone())
}

// ---------------------------------------------------------------------------------------------
// Backups

/// Which drafts 导出备份 writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    One(String),
}

/// The backup file's text. `open` is the draft on screen, which wins over its stored copy (it
/// may not be saved: storage full, memory-only mode) — except when it was saved by a newer
/// version: then the stored envelope goes in untouched. Damaged texts ride along with `All`.
pub fn export(store: &dyn Store, scope: &Scope, open: Option<(&str, &Draft)>, now: u64) -> Result<String, StoreError> {
    let mut entries = list(store)?;
    if let Some((id, _)) = open {
        if !entries.iter().any(|e| e.meta.id == id) {
            let meta = DraftMeta { id: id.to_string(), created: now, edited: now, ..DraftMeta::default() };
            entries.insert(0, Entry { meta, health: Health::Ok });
        }
    }
    let mut backup = BackupFile { exported_at: now, drafts: Vec::new(), damaged: Vec::new(), templates: Vec::new() };
    let mut template_ids: Vec<String> = Vec::new();
    for entry in entries {
        if let Scope::One(only) = scope {
            if &entry.meta.id != only {
                continue;
            }
        }
        let mut meta = entry.meta.clone();
        let stored_is_newer = matches!(entry.health, Health::Newer { .. });
        let draft_json = match open {
            Some((id, draft)) if id == meta.id && !stored_is_newer => {
                describe(&mut meta, draft);
                serde_json::from_str::<Value>(&storage::encode(draft)).ok()
            }
            _ => store.get(&draft_key(&meta.id))?.and_then(|raw| serde_json::from_str::<Value>(&raw).ok()),
        };
        if let Some(id) = draft_json.as_ref().and_then(|d| d.get("draft")).and_then(|d| d.get("template_id")).and_then(Value::as_str) {
            if !template_ids.iter().any(|t| t == id) {
                template_ids.push(id.to_string());
            }
        }
        match draft_json {
            Some(draft) => backup.drafts.push(BackupDraft { meta, draft }),
            None => {
                // Not even JSON: carried verbatim as a damaged copy.
                if let Some(text) = store.get(&draft_key(&meta.id))? {
                    backup.damaged.push(DamagedCopy { key: draft_key(&meta.id), text });
                }
            }
        }
    }
    // The loaded templates: all of them in a full backup (a new computer gets the organisation's
    // templates back), the draft's own in a backup of one. Built-in ones are in every version.
    for key in store.keys()?.iter().filter(|k| k.starts_with(TEMPLATE_PREFIX)) {
        let id = &key[TEMPLATE_PREFIX.len()..];
        if *scope == Scope::All || template_ids.iter().any(|t| t == id) {
            if let Some(text) = store.get(key)? {
                backup.templates.push(text);
            }
        }
    }
    if *scope == Scope::All {
        for (key, _) in damaged_copies(store)? {
            if let Some(text) = store.get(&key)? {
                backup.damaged.push(DamagedCopy { key, text });
            }
        }
    }
    Ok(storage::encode_backup(&backup))
}

/// Remembers that every draft was just backed up (resets the reminder).
pub fn record_backup(store: &mut dyn Store, now: u64) -> Result<(), StoreError> {
    store.set(BACKUP_AT_KEY, &now.to_string())
}

/// Whether to suggest 导出备份, and how long it has been (`None` = not due).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupDue {
    /// Never backed up, with drafts written over a week ago.
    Never,
    /// Days since the last backup.
    Days(u64),
}

impl std::fmt::Display for BackupDue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupDue::Never => f.write_str("报告只保存在这台电脑的浏览器里，还从未备份过。清理浏览器数据或换电脑都会让它们丢失，建议现在导出备份文件。"),
            BackupDue::Days(days) => write!(f, "已经 {days} 天没有备份了。建议导出备份文件，保存到 U 盘或其他位置。"),
        }
    }
}

/// Pure decision: a backup is due a week after the last one, or, if there never was one, a
/// week after the oldest draft with text was created. No drafts with text: nothing to back up.
pub fn backup_due(last_backup: Option<u64>, entries: &[Entry], now: u64) -> Option<BackupDue> {
    let written: Vec<&Entry> = entries.iter().filter(|e| e.meta.chars > 0).collect();
    if written.is_empty() {
        return None;
    }
    match last_backup {
        Some(at) => {
            let since = now.saturating_sub(at);
            // A draft edited after the backup is what makes an old backup stale.
            let edited_after = written.iter().any(|e| e.meta.edited > at);
            (since >= BACKUP_REMINDER_MS && edited_after).then_some(BackupDue::Days(since / (24 * 60 * 60 * 1000)))
        }
        None => {
            let oldest = written.iter().map(|e| if e.meta.created > 0 { e.meta.created } else { e.meta.edited }).filter(|&t| t > 0).min()?;
            (now.saturating_sub(oldest) >= BACKUP_REMINDER_MS).then_some(BackupDue::Never)
        }
    }
}

/// "3 天前", "5 分钟前", "刚刚" (for the list and the reminder).
pub fn age_text(then: u64, now: u64) -> String {
    if then == 0 {
        return "时间未知".into();
    }
    let secs = now.saturating_sub(then) / 1000;
    match secs {
        0..=59 => "刚刚".into(),
        60..=3599 => format!("{} 分钟前", secs / 60),
        3600..=86_399 => format!("{} 小时前", secs / 3600),
        _ => format!("{} 天前", secs / 86_400),
    }
}

/// One draft of a backup as 导入备份 presents it before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub meta: DraftMeta,
    /// The draft, or why it cannot be imported.
    pub draft: Result<Draft, DecodeError>,
    /// A stored draft with the same id (replace would overwrite it).
    pub existing: Option<DraftMeta>,
}

/// What a backup holds, compared with what is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub exported_at: u64,
    pub rows: Vec<ImportRow>,
    pub damaged: Vec<DamagedCopy>,
    /// Templates the backup carries that read as templates: (name, the file's text).
    pub templates: Vec<(String, String)>,
    /// Templates the backup carries that were left out, each with why (too large, invalid …),
    /// in Chinese; the drafts come back all the same.
    pub skipped_templates: Vec<String>,
}

impl ImportPlan {
    pub fn importable(&self) -> usize {
        self.rows.iter().filter(|r| r.draft.is_ok()).count()
    }
    /// How many stored drafts 替换 would overwrite.
    pub fn conflicts(&self) -> usize {
        self.rows.iter().filter(|r| r.draft.is_ok() && r.existing.is_some()).count()
    }
}

pub fn plan_import(backup: BackupFile, entries: &[Entry]) -> ImportPlan {
    let rows = backup
        .drafts
        .into_iter()
        .map(|entry| {
            let draft = storage::decode_value(entry.draft);
            let mut meta = entry.meta;
            if let Ok(draft) = &draft {
                let name = meta.name.clone();
                describe(&mut meta, draft);
                meta.name = name;
            }
            let existing = (!meta.id.is_empty())
                .then(|| entries.iter().find(|e| e.meta.id == meta.id).map(|e| e.meta.clone()))
                .flatten();
            ImportRow { meta, draft, existing }
        })
        .collect();
    let mut templates = Vec::new();
    let mut skipped_templates = Vec::new();
    for (i, json) in backup.templates.into_iter().enumerate() {
        // `from_json_brief` refuses a file over the template cap before parsing it.
        match Template::from_json_brief(json.trim_start_matches('\u{feff}')) {
            Ok(t) if !is_builtin(&t.id) => templates.push((t.name, json)),
            // A built-in template's id: the built-in one is used (a backup of ours never has it).
            Ok(_) => {}
            Err(e) => skipped_templates.push(format!("备份中的第 {} 个模板没有载入：{e}", i + 1)),
        }
    }
    ImportPlan { exported_at: backup.exported_at, rows, damaged: backup.damaged, templates, skipped_templates }
}

/// How 导入备份 adds drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Drafts keep their ids; a stored draft with the same id is replaced (its version is kept
    /// as a snapshot first). This is how a wiped browser gets everything back.
    Replace,
    /// Every draft is added under a new id; nothing stored changes.
    Copies,
}

/// What 导入备份 did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Ids written, in the backup's order.
    pub written: Vec<String>,
    /// Ids of stored drafts that were replaced.
    pub replaced: Vec<String>,
    /// Titles of drafts not imported, with why.
    pub failed: Vec<(String, String)>,
    pub damaged_kept: usize,
    /// Names of the templates added (or, with `Replace`, updated) from the backup.
    pub templates_loaded: Vec<String>,
}

pub fn apply_import(store: &mut dyn Store, plan: &ImportPlan, mode: ImportMode, now: u64) -> Result<ImportReport, StoreError> {
    let mut report = ImportReport::default();
    // Templates first: the drafts are then listed (and opened) with their own template. `Copies` changes nothing stored, so a template
    // this computer already has stays as it is; `Replace` brings back the backup's version.
    for (name, json) in &plan.templates {
        let id = Template::from_json_brief(json.trim_start_matches('\u{feff}')).map(|t| t.id).unwrap_or_default();
        let stored = store.get(&template_key(&id))?;
        let wanted = match (&stored, mode) {
            (None, _) => true,
            (Some(text), ImportMode::Replace) => text != json,
            (Some(_), ImportMode::Copies) => false,
        };
        if wanted && load_template(store, json).is_ok() {
            report.templates_loaded.push(name.clone());
        }
    }
    for row in &plan.rows {
        let Ok(draft) = &row.draft else {
            let why = row.draft.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
            report.failed.push((row.meta.display_name().to_string(), why));
            continue;
        };
        let replace_id = match mode {
            ImportMode::Replace if is_valid_id(&row.meta.id) => Some(row.meta.id.clone()),
            _ => None,
        };
        let result = match replace_id {
            Some(id) => import_as(store, &id, draft, &row.meta, now, &mut report),
            None => create(store, draft, &row.meta.name, now).map(|(id, _)| id),
        };
        match result {
            Ok(id) => {
                // Keep the backup's dates and name: restoring must give back what was there.
                let mut metas = current_index(store)?;
                if let Some(meta) = metas.iter_mut().find(|m| m.id == id) {
                    if row.meta.created > 0 {
                        meta.created = row.meta.created;
                    }
                    if row.meta.edited > 0 {
                        meta.edited = row.meta.edited;
                    }
                    if !row.meta.name.is_empty() {
                        meta.name = row.meta.name.clone();
                    }
                }
                let _ = write_index(store, &metas);
                report.written.push(id);
            }
            Err(e) => report.failed.push((row.meta.display_name().to_string(), e.to_string())),
        }
    }
    for copy in &plan.damaged {
        if quarantine(store, &copy.text, now).is_ok() {
            report.damaged_kept += 1;
        }
    }
    Ok(report)
}

/// Ids this app writes (`d<ms>[-n]`, `current`): a backup naming anything else gets a new id, so
/// a crafted file cannot choose odd keys.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Writes an imported draft under its own id, keeping a stored draft it replaces as a snapshot.
fn import_as(store: &mut dyn Store, id: &str, draft: &Draft, meta: &DraftMeta, now: u64, report: &mut ImportReport) -> Result<String, SaveError> {
    let key = draft_key(id);
    let stored = store.get(&key)?;
    let mut session = match &stored {
        None => Session::fresh(id.to_string()),
        Some(raw) => match storage::decode(raw) {
            Ok(_) => {
                let mut s = Session { id: id.to_string(), base: Some(fingerprint(raw)), last_snapshot: None, blocked: None };
                snapshot_now(store, &mut s, now)?;
                report.replaced.push(id.to_string());
                s
            }
            // Never overwrite a newer version's draft or unreadable text: import as a copy.
            Err(_) => return create(store, draft, &meta.name, now).map(|(id, _)| id),
        },
    };
    // The snapshot just taken must not stop this save from taking one itself.
    session.last_snapshot = Some(now);
    save(store, &mut session, draft, now)?;
    Ok(id.to_string())
}

// ---------------------------------------------------------------------------------------------
// Templates loaded from files (载入模板文件)

/// Why a template file was not added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateLoadError {
    /// Not a valid template: the reader's message, naming the field.
    Invalid(TemplateError),
    /// Its id is a built-in template's: drafts could not tell them apart.
    BuiltinId(String),
    TooLarge { bytes: usize },
    Store(StoreError),
}

impl std::fmt::Display for TemplateLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateLoadError::Invalid(e) => e.fmt(f),
            TemplateLoadError::BuiltinId(id) => {
                write!(f, "模板字段 id：“{id}”是内置模板的 id，请在文件中换一个（如“{id}-dw”）")
            }
            TemplateLoadError::TooLarge { bytes } => write!(
                f,
                "文件太大（{}），不像是模板文件（模板一般只有几十 KB，上限 {}）",
                storage::format_bytes(*bytes as u64),
                storage::format_bytes(TEMPLATE_MAX_BYTES as u64)
            ),
            TemplateLoadError::Store(e) => write!(f, "模板没有保存：{e}"),
        }
    }
}

impl std::error::Error for TemplateLoadError {}

/// A stored template by id (`None`: absent, or stored text that no longer reads).
pub fn stored_template(store: &dyn Store, id: &str) -> Option<Template> {
    let raw = store.get(&template_key(id)).ok()??;
    Template::from_json_brief(&raw).ok().filter(|t| t.id == id)
}

/// The templates loaded from files, by name. Stored text that no longer reads is skipped and left
/// where it is (loading the file again replaces it).
pub fn stored_templates(store: &dyn Store) -> Result<Vec<Template>, StoreError> {
    let mut out = Vec::new();
    for key in store.keys()?.iter().filter(|k| k.starts_with(TEMPLATE_PREFIX)) {
        if let Some(template) = stored_template(store, &key[TEMPLATE_PREFIX.len()..]) {
            out.push(template);
        }
    }
    super::order::sort_by(&mut out, |a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// A draft's template: built-in, else loaded from a file.
pub fn find_template(store: &dyn Store, id: &str) -> Option<Template> {
    builtin(id).or_else(|| stored_template(store, id))
}

/// Reads a template file's text and keeps the template. A template with the same id replaces
/// the stored one (an organisation's new version); the second value says whether it did.
pub fn load_template(store: &mut dyn Store, json: &str) -> Result<(Template, bool), TemplateLoadError> {
    if json.len() > TEMPLATE_MAX_BYTES {
        return Err(TemplateLoadError::TooLarge { bytes: json.len() });
    }
    let json = json.trim_start_matches('\u{feff}');
    // Brief errors: the app asks the lazy part to explain a bad file first (`Job::CheckTemplate`).
    let template = Template::from_json_brief(json).map_err(TemplateLoadError::Invalid)?;
    if is_builtin(&template.id) {
        return Err(TemplateLoadError::BuiltinId(template.id));
    }
    // The file's own text is kept (it was just read back as this template): serialising the
    // template again would put serde's whole serializer for templates into the app bundle.
    let key = template_key(&template.id);
    let replaced = store.get(&key).map_err(TemplateLoadError::Store)?.is_some();
    store.set(&key, json).map_err(TemplateLoadError::Store)?;
    Ok((template, replaced))
}

/// Forgets a loaded template. Drafts written with it keep their text: opened without it, they
/// use the default template and put what does not fit in 未归类内容.
pub fn remove_template(store: &mut dyn Store, id: &str) -> Result<(), StoreError> {
    store.remove(&template_key(id))
}

/// 清除本机数据: removes every key of the app. Returns how many were removed.
pub fn wipe(store: &mut dyn Store) -> Result<usize, StoreError> {
    let keys: Vec<String> = store.keys()?.into_iter().filter(|k| is_app_key(k)).collect();
    for key in &keys {
        store.remove(key)?;
    }
    Ok(keys.len())
}
