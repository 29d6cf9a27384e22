//! Import: last year's report (pasted text, .txt/.md/.docx) into a draft plus diagnostics.
//!
//! Text goes through small passes, one module each:
//! - `clean`: line endings, BOM, site markers (`##paidbegin##`), page numbers, indentation and
//!   blank lines go; numbered lines remain;
//! - `declutter`: what web pages wrap a report in (navigation, paywall notices, page and chunk
//!   markers, anti-copy junk, an outline before the title) is taken out and listed;
//! - `segment`: hard-wrapped lines are joined, flattened pages cut again;
//! - `classify`, `title`, `cues`: what a paragraph looks like (numbering, heading wording, title,
//!   byline, closing, the cue words and wording of each part);
//! - `place`: decides every paragraph's part and the rule that decided it — the `Review`;
//! - `build`: the draft from the review (also after the user changed parts in it).
//!
//! `file` turns a file's bytes into text first (encodings, Markdown, HTML, .docx, our own draft
//! JSON) and refuses what it cannot read; `punct` offers, never forces, full-width punctuation.
//!
//! Importing text never fails and never panics. Every paragraph of the input is in the review:
//! in the draft, in `Draft::leftover` (with a diagnostic naming its line), or listed as left out
//! (site clutter, repeated titles, headings the template writes itself, salutations, dates).
//! What else the importer drops is listed in `clean` (layout and site markers) plus the structure
//! it replaces: numbering, title wording, and the cause connector.

mod build;
mod classify;
mod clean;
mod cues;
mod declutter;
mod file;
mod place;
mod punct;
mod review;
mod segment;
mod title;

use super::diagnostic::{Code, Diagnostic, Place, Severity};
use super::model::Draft;
use super::template::Template;

pub use classify::CAUSE_CONNECTORS;
pub use clean::{is_invisible, is_page_number};
pub use file::{strip_html, strip_markdown};
pub use review::{Clutter, Paragraph, Part, Review, Rule, Unit};

/// Files above this size are refused before anything is read (5 MB; a report is ≈ 10 KB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// What the importer understood: a draft (never missing), what it did or could not place, and
/// the paragraph-by-paragraph decisions the draft was built from (empty when a file was opened as
/// the draft it carries: our .docx, a draft .json).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Imported {
    pub draft: Draft,
    pub diagnostics: Vec<Diagnostic>,
    pub review: Review,
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
            ImportError::TooLarge { bytes } => {
                write!(f, "文件太大（{} KB），最多 5 MB", bytes / 1024)
            }
            ImportError::Unsupported(why) | ImportError::Damaged(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports pasted or decoded text. Never fails, never panics.
pub fn import_text(text: &str, template: &Template) -> Imported {
    import_cleaned(clean::clean(text), template, Unit::Line)
}

/// The draft for a review the user changed (`Review::assign`): every paragraph where its part
/// now says. Diagnostics describe the new draft (what was recognised, what is in 未归类内容).
pub fn rebuild(review: &Review, template: &Template) -> Imported {
    let (draft, mut diagnostics) = build::build(review, template);
    diagnostics.extend(punct::diagnostics(&draft, template));
    Imported { draft, diagnostics, review: review.clone() }
}

/// Imports the paragraphs of a Word file (diagnostics count paragraphs, not lines).
fn import_paragraphs(paragraphs: &[String], template: &Template) -> Imported {
    // A paragraph may hold manual line breaks; they become lines of their own, but the numbers
    // in diagnostics should still count paragraphs, so each keeps its paragraph's number.
    let mut cleaned = clean::Cleaned::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let mut part = clean::clean(paragraph);
        for line in &mut part.lines {
            line.no = index + 1;
        }
        cleaned.lines.append(&mut part.lines);
        cleaned.markers += part.markers;
        cleaned.control_chars += part.control_chars;
        if !part.page_numbers.is_empty() {
            cleaned.page_numbers.push(index + 1);
        }
    }
    import_cleaned(cleaned, template, Unit::Paragraph)
}

fn import_cleaned(cleaned: clean::Cleaned, template: &Template, unit: Unit) -> Imported {
    let (paragraphs, notes) = place::place(&cleaned.lines, template, unit);
    let review = Review { unit, paragraphs };
    let (draft, mut diagnostics) = build::build(&review, template);
    diagnostics.extend(notes);
    let unit_word = unit.word();
    let info = |code: Code, message: String| Diagnostic { severity: Severity::Info, code, message, place: Place::Report, fix: None };
    if cleaned.markers > 0 {
        diagnostics.push(info(Code::ImportMarkers, format!("已删除 {} 处文档网站标记（如 ##paidbegin##）", cleaned.markers)));
    }
    if !cleaned.page_numbers.is_empty() {
        let at: Vec<String> = cleaned.page_numbers.iter().take(10).map(usize::to_string).collect();
        let more = if cleaned.page_numbers.len() > 10 { " 等" } else { "" };
        diagnostics
            .push(info(Code::ImportPageNumbers, format!("已删除 {} 个页码（第 {} {unit_word}{more}）", cleaned.page_numbers.len(), at.join("、"))));
    }
    if cleaned.control_chars > 0 {
        diagnostics.push(info(Code::ImportControlChars, format!("已删除 {} 个不可见的控制字符", cleaned.control_chars)));
    }
    diagnostics.extend(punct::diagnostics(&draft, template));
    Imported { draft, diagnostics, review }
}

/// Imports a file's bytes (`name` gives the extension, but the bytes decide).
///
/// `decode(bytes, label)` is the caller's decoder, and its contract is: decode `bytes` with the
/// WHATWG encoding `label`, **fatally** — return `None` when the label is unknown *or* any byte
/// sequence is malformed, never a text with U+FFFD in it; do not strip or sniff a BOM. The core
/// decides everything else (UTF-8, also with a few bad bytes, and UTF-16 are decoded here; Big5,
/// Shift-JIS and damaged GBK are refused) and only ever asks for `gb18030`, plus once with empty
/// bytes to learn whether the label is supported at all. The CLI passes `decode_native`
/// (encoding_rs); the browser `new TextDecoder(label, { fatal: true })`, `None` on any exception.
///
/// Refused, with the reason in Chinese: files over 5 MB, PDFs, images, old .doc/.wps, broken
/// or non-Word zips, binary data, empty files, JSON that is not a draft.
pub fn import_file(name: &str, bytes: &[u8], template: &Template, decode: &dyn Fn(&[u8], &str) -> Option<String>) -> Result<Imported, ImportError> {
    file::import_file(name, bytes, template, &super::template::builtin_templates(), decode)
}

/// `import_file` where the templates a .docx's embedded draft may name are `known` (the app's:
/// built-in and loaded ones, sent to the lazy part, which then carries no built-in templates).
pub fn import_file_among(
    name: &str,
    bytes: &[u8],
    template: &Template,
    known: &[Template],
    decode: &dyn Fn(&[u8], &str) -> Option<String>,
) -> Result<Imported, ImportError> {
    file::import_file(name, bytes, template, known, decode)
}

/// `decode` for native builds (CLI, tests): any WHATWG encoding label, via encoding_rs, fatally
/// as `import_file` requires: `None` for an unknown label or a malformed byte sequence.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode_native(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|text| text.into_owned())
}
