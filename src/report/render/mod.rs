//! Renderers: one module per output format, each printing the same `Outline`.
//!
//! The façade picks a format by name so the CLI, the app's export buttons and the host-page API
//! share one list of formats and one file-naming rule.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod package;
pub mod text;

use super::chars::normalize_text;
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

/// Why a file could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Packing the .docx failed (the zip writer's words).
    Package(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Package(why) => write!(f, "无法生成 Word 文件（{why}）"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders a draft to the bytes of a file in `format`. Callers show the error instead of a file:
/// an empty or half-written file is never handed on. A draft that did not come through `apply`
/// or decoding (built in code) is normalised first (`chars::normalize_text`), so every format —
/// and the draft embedded in the .docx — prints the same characters.
pub fn render(draft: &Draft, template: &Template, format: Format) -> Result<Vec<u8>, RenderError> {
    let normalized;
    let draft = if draft.is_normalized() {
        draft
    } else {
        let mut copy = draft.clone();
        copy.normalize_text();
        normalized = copy;
        &normalized
    };
    let outline = outline(draft, template);
    Ok(match format {
        Format::Txt => text::render(&outline).into_bytes(),
        Format::Md => markdown::render(&outline).into_bytes(),
        Format::Html => html::render(&outline, &draft.layout).into_bytes(),
        Format::Docx => docx::render(&outline, draft)?,
    })
}

/// The text formats (.txt, .md, .html), without the Word writer: what the web app renders on
/// its own thread (its Word files come from the lazy part, which holds zip and deflate). `None`
/// for `Format::Docx`.
pub fn render_text(draft: &Draft, template: &Template, format: Format) -> Option<String> {
    // Not for Word: the outline would be made for nothing before the Word export's job goes out.
    if format == Format::Docx {
        return None;
    }
    let outline = outline(draft, template);
    match format {
        Format::Txt => Some(text::render(&outline)),
        Format::Md => Some(markdown::render(&outline)),
        Format::Html => Some(html::render(&outline, &draft.layout)),
        Format::Docx => None,
    }
}

/// The longest file name stem we write (characters): well under Windows' 255 with a path.
pub const MAX_STEM_CHARS: usize = 80;

/// `{title}.{ext}` for a draft's export.
pub fn file_name(draft: &Draft, template: &Template, format: Format) -> String {
    format!("{}.{}", safe_file_stem(&draft.title(template), "述职报告"), format.extension())
}

/// A name safe on every system: characters Windows forbids (and control characters, line breaks
/// included) become `_`, bidirectional controls and noncharacters go (an override would show
/// `报告\u{202E}xcod.exe` as `报告exe.docx`), leading and trailing dots and spaces go, at most
/// `MAX_STEM_CHARS` characters; `fallback` when nothing is left. The one sanitiser for exports
/// and backups.
pub fn safe_file_stem(name: &str, fallback: &str) -> String {
    let safe: String = normalize_text(name)
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(MAX_STEM_CHARS)
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if safe.is_empty() {
        fallback.to_string()
    } else {
        safe
    }
}
