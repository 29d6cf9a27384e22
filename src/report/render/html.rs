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
        Block::Byline { .. } => Anchor::Byline.dom_id(),
        Block::Date { .. } => Anchor::Date.dom_id(),
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
        Block::Closing { text } | Block::Leftover { text } | Block::Byline { text } | Block::Date { text } => {
            let class = match block {
                Block::Closing { .. } => "doc-closing",
                Block::Leftover { .. } => "doc-leftover",
                Block::Byline { .. } => "doc-byline",
                _ => "doc-date",
            };
            out.push_str(&format!("<p class=\"{class}\" data-anchor=\"{anchor}\">{}</p>", escape(text)));
        }
    }
    out
}

/// The report as HTML for the clipboard (复制全文): pasted into Word or WPS — into the unit's own
/// template too — it keeps the title, headings and paragraphs in the official look. The look is in
/// inline styles, since the pasting program reads no stylesheet (this HTML is never shown in our
/// page, whose CSP forbids inline styles).
pub fn clipboard(outline: &Outline, layout: &Layout) -> String {
    // In points (twips / 20, at most two decimals), written without the float formatter.
    let twips = layout.line_pitch.twips();
    let line = format!("{}.{:02}", twips / 20, twips % 20 * 5);
    let line = line.trim_end_matches('0').trim_end_matches('.').to_string();
    let base = format!("margin:0;color:#000;font-size:16pt;line-height:{line}pt;");
    let font = |stack: &str| format!("font-family:{stack};");
    let (fangsong, kaiti, heiti) = (font(CLIP_FANGSONG), font(CLIP_KAITI), font(CLIP_HEITI));
    let bold = if layout.bold_subheadings { "font-weight:bold;" } else { "" };
    let mut out = String::from("<meta charset=\"utf-8\">");
    let mut blocks = outline.blocks.iter().peekable();
    while let Some(block) = blocks.next() {
        let (tag, style, text) = match block {
            Block::Title { text } => {
                let after = if matches!(blocks.peek(), Some(Block::Byline { .. })) { "0" } else { line.as_str() };
                let style = format!("{}font-size:22pt;font-weight:normal;text-align:center;margin-bottom:{after}pt;", font(CLIP_TITLE));
                ("h1", style, escape(text))
            }
            Block::Byline { text } => ("p", format!("{kaiti}text-align:center;margin-bottom:{line}pt;"), escape(text)),
            Block::Heading { level, number, text, .. } => {
                let (tag, family) = if *level <= 1 { ("h2", &heiti) } else { ("h3", &kaiti) };
                let weight = if *level <= 1 { "font-weight:normal;" } else { bold };
                (tag, format!("{family}{weight}text-indent:2em;"), escape(&format!("{number}{text}")))
            }
            Block::Paragraph { lead, text, .. } => {
                let lead = lead.as_ref().map_or(String::new(), |lead| {
                    let weight = if bold.is_empty() { "" } else { " style=\"font-weight:bold\"" };
                    format!("<span{weight}>{}{}</span>", escape(&lead.number), escape(&lead.title))
                });
                ("p", format!("{fangsong}text-indent:2em;text-align:justify;"), lead + &escape(text))
            }
            Block::Closing { text } => ("p", format!("{fangsong}text-indent:2em;margin-top:{line}pt;"), escape(text)),
            Block::Leftover { text } => ("p", format!("{fangsong}text-indent:2em;"), escape(text)),
            Block::Date { text } => ("p", format!("{fangsong}text-align:right;margin-right:4em;margin-top:{line}pt;"), escape(text)),
        };
        out.push_str(&format!("<{tag} style=\"{base}{style}\">{text}</{tag}>"));
    }
    out
}

// Font stacks for pasted HTML: the official names first, then what Windows and WPS have.
const CLIP_FANGSONG: &str = "仿宋_GB2312,仿宋,FangSong,serif";
const CLIP_KAITI: &str = "楷体_GB2312,楷体,KaiTi,serif";
const CLIP_HEITI: &str = "黑体,SimHei,sans-serif";
const CLIP_TITLE: &str = "方正小标宋简体,华文中宋,STZhongsong,serif";

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
