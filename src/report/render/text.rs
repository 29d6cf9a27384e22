//! Plain-text export: one line per block, as the sample report is written.

use crate::report::chars::normalize_text;
use crate::report::outline::Outline;

/// The report as UTF-8 text, lines joined with `\n`, ending with one newline. Never a raw
/// control character (an ESC would reach the terminal of whoever `cat`s the file): the text is
/// normalised, template wording included.
pub fn render(outline: &Outline) -> String {
    let mut out = String::new();
    for block in &outline.blocks {
        out.push_str(&normalize_text(&block.plain()));
        out.push('\n');
    }
    out
}
