//! Diagnostics: findings about a draft (from the pre-export check or the importer), each with a
//! severity, a Chinese message, the place it refers to, and optionally a fix as an `Edit`.

use serde::{Deserialize, Serialize};

use super::edit::{Edit, TextRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// Declares `Code` from one table: the variant and its stable text form.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// What a diagnostic is about, as a closed set: the check's rules, the importer's notes,
        /// the yearly notes. Its text form (`as_str`, e.g. `missing-cause`) is stable: the CLI,
        /// the tests and the lazy part's messages use it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable text form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The code of a text form.
            pub fn from_name(name: &str) -> Option<Code> {
                match name {
                    $($text => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    // The pre-export check (validate.rs).
    MissingField = "missing-field",
    YearInvalid = "year-invalid",
    MissingIntro = "missing-intro",
    MissingSection = "missing-section",
    MissingCause = "missing-cause",
    CauseLeadIn = "cause-lead-in",
    Placeholder = "placeholder",
    Leftover = "leftover",
    MissingTitle = "missing-title",
    TitleOnly = "title-only",
    ItemCount = "item-count",
    MissingRectification = "missing-rectification",
    YearMismatch = "year-mismatch",
    UnfilledPhrase = "unfilled-phrase",
    Length = "length",
    PlansShare = "plans-share",
    HalfWidth = "half-width-punct",
    HalfWidthAll = "half-width-punct-all",
    Repeated = "repeated-sentence",
    FactLow = "fact-low",
    DuplicateIds = "duplicate-ids",
    IdsRepaired = "ids-repaired",
    // Year over year (yearly.rs).
    NextYearYearUnknown = "next-year-year-unknown",
    NextYearRectification = "next-year-rectification",
    NextYearNoProblems = "next-year-no-problems",
    NextYearPromises = "next-year-promises",
    SameAsLastYear = "same-as-last-year",
    // The importer (import/).
    ImportBadBytes = "import-bad-bytes",
    ImportDraftRepaired = "import-draft-repaired",
    ImportEmbeddedDraft = "import-embedded-draft",
    ImportDraftFile = "import-draft-file",
    ImportEncoding = "import-encoding",
    ImportControlChars = "import-control-chars",
    ImportMarkers = "import-markers",
    ImportPageNumbers = "import-page-numbers",
    ImportHalfwidthPunct = "import-halfwidth-punct",
    ImportHalfwidthPunctAll = "import-halfwidth-punct-all",
    ImportSummary = "import-summary",
    ImportEmptySection = "import-empty-section",
    ImportHeading = "import-heading",
    ImportCausesGrouped = "import-causes-grouped",
    ImportCausesPaired = "import-causes-paired",
    ImportCausesWithoutProblems = "import-causes-without-problems",
    ImportClutter = "import-clutter",
    ImportLeftover = "import-leftover",
    ImportNoHeadings = "import-no-headings",
    ImportNoTitle = "import-no-title",
    ImportRectification = "import-rectification",
    ImportSubheading = "import-subheading",
    ImportTitle = "import-title",
    ImportYear = "import-year",
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let name = String::deserialize(deserializer)?;
        Code::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code {name}")))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What it is about (tests and dismissals use it).
    pub code: Code,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    pub place: Place,
    /// A one-click fix, when the core can offer one.
    pub fix: Option<Fix>,
}

/// A fix offered with a diagnostic: a button label and the edits it applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub label: String,
    pub edits: Vec<Edit>,
}
