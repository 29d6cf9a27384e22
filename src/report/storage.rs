//! The versioned JSON codec for drafts: what the app stores, backups contain and .docx files embed.
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
pub fn decode(json: &str) -> Result<Draft, DecodeError> {
    let value: Value = serde_json::from_str(json).map_err(|e| DecodeError::Damaged(e.to_string()))?;
    decode_value(value)
}

/// Like `decode`, for an already-parsed value (backup files hold several drafts).
pub fn decode_value(value: Value) -> Result<Draft, DecodeError> {
    let kind = value.get("kind").and_then(Value::as_str);
    if kind != Some(DRAFT_KIND) {
        return Err(DecodeError::NotADraft);
    }
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| DecodeError::Damaged("缺少版本号".into()))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if version > DRAFT_VERSION {
        return Err(DecodeError::Newer { version });
    }
    let draft = value.get("draft").cloned().ok_or_else(|| DecodeError::Damaged("缺少 draft".into()))?;
    let draft = migrate(draft, version)?;
    let mut draft: Draft = serde_json::from_value(draft).map_err(|e| DecodeError::Damaged(e.to_string()))?;
    draft.repair_next_id();
    Ok(draft)
}

/// The migration chain: each step turns version N into N+1.
fn migrate(draft: Value, from: u32) -> Result<Value, DecodeError> {
    match from {
        0 => Err(DecodeError::Damaged("版本号 0 无效".into())),
        // Version 1 is the first released format; later steps go here: `1 => migrate(v1_to_v2(draft), 2)`.
        _ => Ok(draft),
    }
}
