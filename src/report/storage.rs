//! The versioned JSON codecs of everything Shuzhi stores: drafts (also embedded in .docx files),
//! the drafts index, snapshots and backup files.
//!
//! `encode` always writes the current version. `decode` reads every version ever released,
//! migrating older ones step by step, and refuses newer ones and damaged text with a reason the
//! caller can show (and must not overwrite: see ARCHITECTURE.md, "storage never overwrites what it
//! could not read").

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::Draft;

/// Marks a JSON document as a Shuzhi draft.
pub const DRAFT_KIND: &str = "shuzhi-draft";
/// The current draft format. Bump it and add a step to `migrate` for every incompatible change.
pub const DRAFT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    kind: String,
    version: u32,
    draft: T,
}

/// Why stored or imported text is not a draft we can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON, or JSON of the wrong shape.
    Damaged(String),
    /// JSON, but not a Shuzhi draft.
    NotADraft,
    /// Written by a newer version of the app: open read-only, never overwrite.
    Newer { version: u32 },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Damaged(why) => write!(f, "草稿数据已损坏，无法读取：{why}"),
            DecodeError::NotADraft => f.write_str("这不是述职报告向导的草稿文件"),
            DecodeError::Newer { version } => write!(
                f,
                "这份草稿由更新版本的述职报告向导保存（格式版本 {version}，本程序支持到 {DRAFT_VERSION}），只能查看，不能修改"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The draft as versioned JSON.
pub fn encode(draft: &Draft) -> String {
    let envelope = Envelope { kind: DRAFT_KIND.to_string(), version: DRAFT_VERSION, draft };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// Reads a draft of any released version.
///
/// Straight from the text into the typed draft: reading it through a `serde_json::Value` first
/// would build the whole tree twice and, in the browser, compile a second copy of the draft's
/// decoder into the first load. When a version 2 comes, an older document is read as a `Value`,
/// migrated step by step (`1 => v1_to_v2(draft)`) and then decoded.
pub fn decode(json: &str) -> Result<Draft, DecodeError> {
    let (kind, version) = head(json)?;
    check_version(kind.as_deref(), DRAFT_KIND, version, DRAFT_VERSION)?;
    draft_of(json)
}

/// Like `decode`, for an already-parsed value (backup files hold several drafts).
pub fn decode_value(value: Value) -> Result<Draft, DecodeError> {
    decode(&value.to_string())
}

/// The draft of a document whose kind and version were checked (unknown fields are ignored).
fn draft_of(json: &str) -> Result<Draft, DecodeError> {
    #[derive(Deserialize)]
    struct Body {
        draft: Option<Draft>,
    }
    let body: Body = serde_json::from_str(json).map_err(|e| DecodeError::Damaged(e.to_string()))?;
    let mut draft = body.draft.ok_or_else(|| DecodeError::Damaged("缺少 draft".into()))?;
    // Duplicate or out-of-range ids and control characters are repaired, not refused: the text
    // is all there, and refusing would set the whole draft aside (see `Draft::repair`).
    draft.repair();
    Ok(draft)
}

/// A versioned document's kind and version, nothing else decoded: a kind that is not a string
/// or a version that is not a whole number counts as missing, and so do both in JSON that is not
/// an object (`[1, 2]` is not a draft; text that is not JSON is damaged).
fn head(json: &str) -> Result<(Option<String>, Option<u64>), DecodeError> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        kind: Value,
        #[serde(default)]
        version: Value,
    }
    match serde_json::from_str::<Head>(json) {
        Ok(head) => Ok((head.kind.as_str().map(str::to_string), head.version.as_u64())),
        Err(e) => match serde_json::from_str::<serde::de::IgnoredAny>(json) {
            Ok(_) => Ok((None, None)),
            Err(_) => Err(DecodeError::Damaged(e.to_string())),
        },
    }
}

/// Whether a document of `kind` and `version` can be read as `expected` up to version `current`.
fn check_version(kind: Option<&str>, expected: &str, version: Option<u64>, current: u32) -> Result<(), DecodeError> {
    if kind != Some(expected) {
        return Err(DecodeError::NotADraft);
    }
    let version = version.ok_or_else(|| DecodeError::Damaged("缺少版本号".into()))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > current {
        return Err(DecodeError::Newer { version });
    }
    if version == 0 {
        return Err(DecodeError::Damaged("版本号 0 无效".into()));
    }
    // Version 1 is the first released format of every stored document.
    Ok(())
}

/// Reads, as far as possible, a draft saved by a newer version (to show it read-only): unknown
/// fields are ignored. `None` when even that fails or the text is not a newer draft.
pub fn decode_newer(json: &str) -> Option<(Draft, u32)> {
    let (kind, version) = head(json).ok()?;
    match check_version(kind.as_deref(), DRAFT_KIND, version, DRAFT_VERSION) {
        Err(DecodeError::Newer { version }) => draft_of(json).ok().map(|draft| (draft, version)),
        _ => None,
    }
}

/// Kind and version of a stored document, read without building the draft (cheap on 2 MB texts).
pub fn peek(json: &str) -> Result<(String, u32), DecodeError> {
    let (kind, version) = head(json)?;
    let kind = kind.ok_or(DecodeError::NotADraft)?;
    let version = version.ok_or_else(|| DecodeError::Damaged("缺少版本号".into()))?;
    Ok((kind, u32::try_from(version).unwrap_or(u32::MAX)))
}

// ---------------------------------------------------------------------------------------------
// The other stored formats: the drafts index, a draft's snapshots and the backup file. Each is a
// versioned envelope `{"kind", "version", …}` like the draft, so each can migrate on its own.

/// Marks the index of drafts (`shuzhi.index`).
pub const INDEX_KIND: &str = "shuzhi-index";
pub const INDEX_VERSION: u32 = 1;
/// Marks a draft's rolling snapshots (`shuzhi.snap.<id>`).
pub const SNAPSHOTS_KIND: &str = "shuzhi-snapshots";
pub const SNAPSHOTS_VERSION: u32 = 1;
/// Marks a backup file written by 导出备份.
pub const BACKUP_KIND: &str = "shuzhi-backup";
pub const BACKUP_VERSION: u32 = 1;
/// The largest backup file 导入备份 reads. A browser holds at most ≈ 10 MB of drafts (5 M UTF-16
/// units), which is ≤ 15 MB of UTF-8 even if every character is CJK; anything far larger is not
/// ours, and reading it would only freeze the page.
pub const BACKUP_MAX_BYTES: usize = 32 * 1024 * 1024;
/// The most drafts a backup file may list: a browser's storage holds a few hundred at most, and
/// each one is decoded and described before anything is shown.
pub const BACKUP_MAX_DRAFTS: usize = 5_000;
/// The most templates a backup file may carry (one per template loaded from a file).
pub const BACKUP_MAX_TEMPLATES: usize = 200;

/// What the drafts list shows about one draft, kept in the index so the list never has to read
/// (possibly megabytes of) every draft. Rebuilt from the drafts when missing or damaged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftMeta {
    pub id: String,
    /// A name given in 我的报告; empty means "use the report's title".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The report's title as the template composes it (`2024年度…述职报告`).
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub template_id: String,
    #[serde(default)]
    pub template_name: String,
    #[serde(default)]
    pub year: String,
    /// Milliseconds since the epoch (the caller's clock; 0 = unknown, e.g. after a rebuild).
    #[serde(default)]
    pub created: u64,
    #[serde(default)]
    pub edited: u64,
    /// Bytes the stored draft takes in the browser (UTF-16: two per code unit, key included).
    #[serde(default)]
    pub size: u64,
    /// Characters written (whitespace not counted).
    #[serde(default)]
    pub chars: u64,
}

impl DraftMeta {
    /// The name shown in lists: the given name, else the title, else a placeholder.
    pub fn display_name(&self) -> &str {
        if !self.name.trim().is_empty() {
            self.name.trim()
        } else if !self.title.trim().is_empty() {
            self.title.trim()
        } else {
            "未命名报告"
        }
    }
}

#[derive(Serialize, Deserialize)]
struct IndexFile {
    kind: String,
    version: u32,
    #[serde(default)]
    drafts: Vec<DraftMeta>,
}

pub fn encode_index(drafts: &[DraftMeta]) -> String {
    let file = IndexFile { kind: INDEX_KIND.into(), version: INDEX_VERSION, drafts: drafts.to_vec() };
    serde_json::to_string(&file).unwrap_or_default()
}

pub fn decode_index(json: &str) -> Result<Vec<DraftMeta>, DecodeError> {
    decode_file::<IndexFile>(json, INDEX_KIND, INDEX_VERSION).map(|file| file.drafts)
}

/// Parses a versioned file of `kind` up to version `current` into its serde shape.
fn decode_file<T: serde::de::DeserializeOwned>(json: &str, kind: &str, current: u32) -> Result<T, DecodeError> {
    let (found, version) = head(json)?;
    check_version(found.as_deref(), kind, version, current)?;
    serde_json::from_str(json).map_err(|e| DecodeError::Damaged(e.to_string()))
}

/// One snapshot: the stored draft as it was at `at`. The draft stays an undecoded envelope so a
/// list holding a snapshot we cannot read is rewritten without losing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    /// When this content was saved (ms since the epoch).
    pub at: u64,
    #[serde(default)]
    pub chars: u64,
    pub draft: Value,
}

impl SnapshotRecord {
    pub fn decode(&self) -> Result<Draft, DecodeError> {
        decode_value(self.draft.clone())
    }
}

#[derive(Serialize, Deserialize)]
struct SnapshotsFile {
    kind: String,
    version: u32,
    #[serde(default)]
    snapshots: Vec<SnapshotRecord>,
}

/// Oldest first.
pub fn encode_snapshots(snapshots: &[SnapshotRecord]) -> String {
    let file = SnapshotsFile { kind: SNAPSHOTS_KIND.into(), version: SNAPSHOTS_VERSION, snapshots: snapshots.to_vec() };
    serde_json::to_string(&file).unwrap_or_default()
}

pub fn decode_snapshots(json: &str) -> Result<Vec<SnapshotRecord>, DecodeError> {
    decode_file::<SnapshotsFile>(json, SNAPSHOTS_KIND, SNAPSHOTS_VERSION).map(|file| file.snapshots)
}

/// One draft in a backup file: what the list showed, and the draft's own versioned envelope
/// (kept as JSON so a draft from a newer version passes through a backup unchanged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDraft {
    pub meta: DraftMeta,
    pub draft: Value,
}

/// Saved text that could not be read, carried in backups so a backup holds everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DamagedCopy {
    pub key: String,
    pub text: String,
}

/// A backup file (导出备份 / 导入备份).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupFile {
    /// Milliseconds since the epoch.
    pub exported_at: u64,
    pub drafts: Vec<BackupDraft>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub damaged: Vec<DamagedCopy>,
    /// Templates loaded from files that the drafts use, as their files' text: restored on another
    /// computer, a draft opens with its own template. (An older version ignores this field.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<String>,
}

#[derive(Serialize)]
struct BackupOut<'a> {
    kind: &'static str,
    version: u32,
    app: &'static str,
    exported_at: u64,
    drafts: &'a [BackupDraft],
    #[serde(skip_serializing_if = "<[DamagedCopy]>::is_empty")]
    damaged: &'a [DamagedCopy],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    templates: &'a [String],
}

/// The backup file's text (pretty-printed: people open these files to see what they hold).
pub fn encode_backup(backup: &BackupFile) -> String {
    let out = BackupOut {
        kind: BACKUP_KIND,
        version: BACKUP_VERSION,
        app: "述职报告向导",
        exported_at: backup.exported_at,
        drafts: &backup.drafts,
        damaged: &backup.damaged,
        templates: &backup.templates,
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// Why a file cannot be restored as a backup (every message names what to do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupError {
    Empty,
    TooLarge { bytes: usize },
    /// A .docx (zip) file: the importer reads those, not 导入备份.
    Docx,
    /// Binary or not UTF-8.
    Binary,
    /// Not JSON (a damaged or truncated file).
    NotJson(String),
    /// JSON, but not ours.
    WrongFile,
    Newer { version: u32 },
    /// Ours, but missing parts.
    Damaged(String),
    /// More drafts or templates than any browser holds: not a backup we wrote.
    TooMany { what: &'static str, count: usize, max: usize },
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::Empty => f.write_str("文件是空的，不是述职报告向导的备份文件。"),
            BackupError::TooLarge { bytes } => write!(
                f,
                "文件太大（{}），不是述职报告向导的备份文件。备份文件通常只有几十 KB 到几 MB。",
                format_bytes(*bytes as u64)
            ),
            BackupError::Docx => f.write_str("这是 Word 文档，不是备份文件。要从 Word 文档开始写，请用“导入已有报告”。"),
            BackupError::Binary => f.write_str("这不是文本文件，不是述职报告向导的备份文件。请选择导出备份时保存的 .json 文件。"),
            BackupError::NotJson(why) => write!(f, "文件已损坏或不完整，无法读取（{why}）。请换一份备份文件。"),
            BackupError::WrongFile => f.write_str("这不是述职报告向导的备份文件。请选择“导出备份”时保存的 .json 文件。"),
            BackupError::Newer { version } => write!(
                f,
                "这份备份由更新版本的述职报告向导导出（格式版本 {version}，本程序支持到 {BACKUP_VERSION}），本程序无法读取。请使用最新版本打开。"
            ),
            BackupError::Damaged(why) => write!(f, "备份文件已损坏：{why}。请换一份备份文件。"),
            BackupError::TooMany { what, count, max } => write!(
                f,
                "备份文件中的{what}太多（{count} 份，最多 {max} 份），不是述职报告向导导出的备份。请换一份备份文件。"
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// Reads a backup file. A single saved draft (`shuzhi-draft`) is accepted as a backup of one.
/// Drafts inside that cannot be read are not an error here: the caller shows them per draft.
pub fn decode_backup(bytes: &[u8]) -> Result<BackupFile, BackupError> {
    if bytes.len() > BACKUP_MAX_BYTES {
        return Err(BackupError::TooLarge { bytes: bytes.len() });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(BackupError::Docx);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BackupError::Binary)?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    if text.contains('\0') {
        return Err(BackupError::Binary);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| BackupError::NotJson(e.to_string()))?;
    match value.get("kind").and_then(Value::as_str) {
        Some(BACKUP_KIND) => {}
        Some(DRAFT_KIND) => {
            return Ok(BackupFile {
                exported_at: 0,
                drafts: vec![BackupDraft { meta: DraftMeta::default(), draft: value }],
                damaged: Vec::new(),
                templates: Vec::new(),
            })
        }
        _ => return Err(BackupError::WrongFile),
    }
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| BackupError::Damaged("缺少版本号".into()))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > BACKUP_VERSION {
        return Err(BackupError::Newer { version });
    }
    if version == 0 {
        return Err(BackupError::Damaged("版本号 0 无效".into()));
    }
    let drafts = value
        .get("drafts")
        .and_then(Value::as_array)
        .ok_or_else(|| BackupError::Damaged("缺少报告列表".into()))?;
    if drafts.len() > BACKUP_MAX_DRAFTS {
        return Err(BackupError::TooMany { what: "报告", count: drafts.len(), max: BACKUP_MAX_DRAFTS });
    }
    let templates = value.get("templates").and_then(Value::as_array).map_or(0, Vec::len);
    if templates > BACKUP_MAX_TEMPLATES {
        return Err(BackupError::TooMany { what: "模板", count: templates, max: BACKUP_MAX_TEMPLATES });
    }
    let mut backup = BackupFile {
        exported_at: value.get("exported_at").and_then(Value::as_u64).unwrap_or(0),
        drafts: Vec::with_capacity(drafts.len()),
        damaged: Vec::new(),
        templates: Vec::new(),
    };
    for (i, entry) in drafts.iter().enumerate() {
        let draft = entry.get("draft").cloned().ok_or_else(|| BackupError::Damaged(format!("第 {} 份报告缺少内容", i + 1)))?;
        // Metadata is only a convenience: a damaged one is rebuilt from the draft.
        let meta = entry.get("meta").cloned().and_then(|m| serde_json::from_value(m).ok()).unwrap_or_default();
        backup.drafts.push(BackupDraft { meta, draft });
    }
    if let Some(damaged) = value.get("damaged").and_then(Value::as_array) {
        for copy in damaged {
            if let Ok(copy) = serde_json::from_value::<DamagedCopy>(copy.clone()) {
                backup.damaged.push(copy);
            }
        }
    }
    // Templates are checked when the backup is planned (`library::plan_import`): one that does
    // not read is skipped there, and the drafts come back all the same.
    if let Some(templates) = value.get("templates").and_then(Value::as_array) {
        backup.templates.extend(templates.iter().filter_map(Value::as_str).map(str::to_string));
    }
    Ok(backup)
}

/// `1.2 MB`, `340 KB`, `12 B` (binary multiples, as browsers count quotas).
/// Integer arithmetic only: the float formatter is 10 KB of the first load.
pub fn format_bytes(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes >= KB * KB {
        format!("{} MB", tenths(bytes, KB * KB))
    } else if bytes >= KB {
        format!("{} KB", div_round(bytes, KB).max(1))
    } else {
        format!("{bytes} B")
    }
}

/// `n / d` rounded to the nearest, a tie to the even one (as `{:.0}` rounds).
fn div_round(n: u64, d: u64) -> u64 {
    let (q, r) = (n / d, n % d);
    if r * 2 > d || (r * 2 == d && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// `n / d` with one decimal (`1.5`), rounded as `{:.1}` rounds.
pub fn tenths(n: u64, d: u64) -> String {
    let t = div_round(n.saturating_mul(10), d);
    format!("{}.{}", t / 10, t % 10)
}
