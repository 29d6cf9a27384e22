//! Markdown export: `#` title, `##` section headings, bold run-in item titles.

use crate::report::chars::normalize_text;
use crate::report::outline::{Block, Outline};

/// The report as Markdown. Characters Markdown would interpret are escaped; control characters
/// never appear (the text is normalised, template wording included).
pub fn render(outline: &Outline) -> String {
    let mut out = String::new();
    for block in &outline.blocks {
        let line = match block {
            Block::Title { text } => format!("# {}", escape(text)),
            Block::Heading { level, number, text, .. } => {
                format!("{} {}{}", "#".repeat(usize::from(*level) + 1), escape(number), escape(text))
            }
            Block::Paragraph { lead: Some(lead), text, .. } => {
                let title = if lead.title.is_empty() {
                    String::new()
                } else {
                    format!("**{}**", escape(&lead.title))
                };
                // `1.` at the start of a line would become a Markdown list: escape the dot.
                format!("{}\\.{}{}", lead.number.trim_end_matches('.'), title, escape(text))
            }
            Block::Paragraph { lead: None, text, .. } | Block::Closing { text } | Block::Byline { text } | Block::Date { text } => {
                escape(text)
            }
            Block::Leftover { text } => format!("> {}", escape(text)),
        };
        out.push_str(&line);
        out.push_str("\n\n");
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn escape(text: &str) -> String {
    let text = normalize_text(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
