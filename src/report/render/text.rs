//! Plain-text export: one line per block, as the sample report is written.

use crate::report::outline::Outline;

/// The report as UTF-8 text, lines joined with `\n`, ending with one newline.
pub fn render(outline: &Outline) -> String {
    let mut out = String::new();
    for block in &outline.blocks {
        out.push_str(&block.plain());
        out.push('\n');
    }
    out
}
