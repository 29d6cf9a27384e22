//! Import: last year's report (pasted text, .txt/.md/.docx) into a draft plus diagnostics.
//! Being written (issue 4). The signatures below are the contract the CLI and the app use.

use super::diagnostic::Diagnostic;
use super::model::Draft;
use super::template::Template;

/// What the importer understood: a draft (never missing) and what it did or could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub draft: Draft,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file was refused before any parsing (the current draft stays unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    TooLarge { bytes: usize },
    Unsupported(String),
    Damaged(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(f, "文件太大（{} KB），最多 5 MB", bytes / 1024),
            ImportError::Unsupported(why) | ImportError::Damaged(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports pasted or decoded text. Never fails, never panics.
pub fn import_text(_text: &str, template: &Template) -> Imported {
    Imported { draft: Draft::empty(template), diagnostics: Vec::new() }
}

/// Imports a file's bytes (`name` gives the extension). `decode` turns non-UTF-8 text bytes into
/// a string given an encoding label (`gb18030`, `utf-16le`, `utf-16be`); the CLI passes
/// `decode_native` (encoding_rs), the browser passes a `TextDecoder` wrapper.
pub fn import_file(
    _name: &str,
    _bytes: &[u8],
    _template: &Template,
    _decode: &dyn Fn(&[u8], &str) -> Option<String>,
) -> Result<Imported, ImportError> {
    Err(ImportError::Unsupported("导入功能尚未完成".into()))
}
