//! HTML export and the live preview's markup: escaped blocks styled in the official look.
//!
//! `fragment` is what the app's preview shows; `render` wraps the same fragment in a standalone
//! page with the document stylesheet (`styles/document.css`, shared with the app) inlined.

use crate::report::model::Layout;
use crate::report::outline::{Anchor, Block, Outline};

/// The official-look stylesheet, one file for the app's preview and the exported page.
pub const DOCUMENT_CSS: &str = include_str!("../../../styles/document.css");

/// A standalone HTML file (no scripts, no external resources). Opened from a disk or an intranet
/// page in a dual-core browser (360, QQ…), the first two `<meta>` ask for the Chromium core (极速模式)
/// or IE's newest mode, where the GB/T 9704 look renders as it should.
pub fn render(outline: &Outline, layout: &Layout) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n<meta name=\"renderer\" content=\"webkit\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
<title>{title}</title>\n<style>\n{css}\n</style>\n</head>\n<body class=\"doc-export\">\n\
<article class=\"{classes}\">\n{body}</article>\n</body>\n</html>\n",
        title = escape(&outline.title),
        css = DOCUMENT_CSS,
        classes = layout.css_classes(),
        body = fragment(outline),
    )
}

/// The blocks as HTML elements; every block carries `data-anchor` for scrolling the preview.
pub fn fragment(outline: &Outline) -> String {
    outline.blocks.iter().fold(String::new(), |mut out, block| {
        out.push_str(&block_html(block));
        out.push('\n');
        out
    })
}

/// One block of the preview: its HTML and a key unique in the document (the block's anchor and
/// its rank among the blocks of that anchor), stable while the user types.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewBlock {
    pub key: String,
    pub html: String,
}

/// The fragment one block at a time, in order: the live preview gives each its own keyed DOM
/// node, so a keystroke replaces only the block that changed instead of re-parsing the document.
pub fn fragment_blocks(outline: &Outline) -> Vec<PreviewBlock> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    outline
        .blocks
        .iter()
        .map(|block| {
            let anchor = block_anchor(block);
            let rank = match seen.iter_mut().find(|(a, _)| *a == anchor) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((anchor.clone(), 0));
                    0
                }
            };
            PreviewBlock { key: format!("{anchor}.{rank}"), html: block_html(block) }
        })
        .collect()
}

fn block_anchor(block: &Block) -> String {
    match block {
        Block::Title { .. } => Anchor::Title.dom_id(),
        Block::Heading { anchor, .. } | Block::Paragraph { anchor, .. } => anchor.dom_id(),
        Block::Closing { .. } => Anchor::Closing.dom_id(),
        Block::Leftover { .. } => Anchor::Leftover.dom_id(),
    }
}

fn block_html(block: &Block) -> String {
    // The one DOM id of each block, as the preview's keys use it (`block_anchor`).
    let anchor = block_anchor(block);
    let mut out = String::new();
    match block {
        Block::Title { text } => {
            out.push_str(&format!("<h1 class=\"doc-title\" data-anchor=\"{anchor}\">{}</h1>", escape(text)));
        }
        Block::Heading { level, number, text, .. } => {
            let tag = if *level <= 1 { "h2" } else { "h3" };
            out.push_str(&format!("<{tag} class=\"doc-h{level}\" data-anchor=\"{anchor}\">{}{}</{tag}>", escape(number), escape(text)));
        }
        Block::Paragraph { lead, text, .. } => {
            out.push_str(&format!("<p data-anchor=\"{anchor}\">"));
            if let Some(lead) = lead {
                out.push_str(&format!("<span class=\"doc-lead\">{}{}</span>", escape(&lead.number), escape(&lead.title)));
            }
            out.push_str(&escape(text));
            out.push_str("</p>");
        }
        Block::Closing { text } => {
            out.push_str(&format!("<p class=\"doc-closing\" data-anchor=\"{anchor}\">{}</p>", escape(text)));
        }
        Block::Leftover { text } => {
            out.push_str(&format!("<p class=\"doc-leftover\" data-anchor=\"{anchor}\">{}</p>", escape(text)));
        }
    }
    out
}

/// Escapes text for element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
