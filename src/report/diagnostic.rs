//! Diagnostics: findings about a draft (from the pre-export check or the importer), each with a
//! severity, a Chinese message, the place it refers to, and optionally a fix as an `Edit`.

use super::edit::{Edit, TextRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Must be fixed before the report is handed in (export asks once).
    Error,
    /// Worth a look; export proceeds.
    Warning,
    /// For information (e.g. what the importer did).
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
            Severity::Info => "说明",
        }
    }
}

/// The part of the report a diagnostic is about, for jumping to the right wizard step.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// The whole report.
    Report,
    /// A basic-information field (step 基本信息).
    Info(String),
    Intro,
    /// A section as a whole (e.g. too few items).
    Section(String),
    /// One text field.
    Text(TextRef),
    Closing,
    Leftover,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `placeholder`, `missing-cause` (tests and dismissals use it).
    pub code: &'static str,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    pub place: Place,
    /// A one-click fix, when the core can offer one.
    pub fix: Option<Fix>,
}

/// A fix offered with a diagnostic: a button label and the edits it applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub label: String,
    pub edits: Vec<Edit>,
}
