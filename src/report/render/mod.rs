//! Renderers: one module per output format, each printing the same `Outline`.
//!
//! The façade picks a format by name so the CLI, the app's export buttons and the host-page API
//! share one list of formats and one file-naming rule.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;

use super::model::Draft;
use super::outline::outline;
use super::template::Template;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Txt,
    Md,
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Docx, Format::Txt, Format::Md, Format::Html];

    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "docx" | "word" => Some(Format::Docx),
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Txt => "text/plain;charset=utf-8",
            Format::Md => "text/markdown;charset=utf-8",
            Format::Html => "text/html;charset=utf-8",
        }
    }
}

/// Renders a draft to the bytes of a file in `format`.
pub fn render(draft: &Draft, template: &Template, format: Format) -> Vec<u8> {
    let outline = outline(draft, template);
    match format {
        Format::Txt => text::render(&outline).into_bytes(),
        Format::Md => markdown::render(&outline).into_bytes(),
        Format::Html => html::render(&outline, &draft.layout).into_bytes(),
        Format::Docx => docx::render(&outline, draft),
    }
}

/// A safe file name: `{title}.{ext}` with characters Windows forbids replaced, length bounded.
pub fn file_name(draft: &Draft, template: &Template, format: Format) -> String {
    let title = draft.title(template);
    let mut safe: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if safe.is_empty() {
        safe = "述职报告".into();
    }
    let safe: String = safe.chars().take(80).collect();
    format!("{safe}.{}", format.extension())
}
