//! Word (.docx) export in the official format (GB/T 9704-2012): the OOXML package, written by hand.
//!
//! Hand-written XML on the `zip` crate instead of `docx-rs`: ≈ 43 KB gzip in the wasm bundle
//! against ≈ 235 KB (docs/design.md §5), and the document needs only paragraphs, styles and footers.
//! Formatting lives in named styles (body = `Normal`, shown as 正文 in Chinese Word/WPS) so users
//! can restyle in Word; runs carry direct formatting only where a style cannot express it (bold
//! run-in titles, quotes and ellipses forced into the Chinese font). The draft's JSON rides along
//! as a custom part so importing the file restores the draft exactly.

use crate::report::model::{Draft, Layout};
use crate::report::outline::{Block, Outline};
use crate::report::storage;
use crate::report::render::package::{Packer, Part};
use crate::report::render::RenderError;

/// Where the draft JSON is stored inside the package, and the relationship type that points to
/// it. Word and LibreOffice ignore parts reached only through relationship types they do not know.
/// The URI is a name, never fetched (`.invalid` is a reserved domain).
pub const DRAFT_PART: &str = "shuzhi/draft.json";
pub const DRAFT_REL_TYPE: &str = "http://schemas.shuzhi.invalid/2025/relationships/draft";

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Latin letters and digits are set in Times New Roman throughout (GB/T 9704 practice).
const LATIN: &str = "Times New Roman";
const FANGSONG: &str = "仿宋_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";

/// 28 characters per line: the text block is 11906 − 1587 − 1474 = 8845 twips (442.25 pt) wide,
/// plain 三号 gives 27, so characters are condensed by 0.25 pt (`w:spacing w:val="-5"`, in
/// twentieths of a point) to 15.75 pt: 28 × 15.75 = 441 pt fits, 29 does not. A character grid
/// (`w:docGrid w:type="linesAndChars" w:charSpace="-848"`) does the same in Word, but LibreOffice
/// puts every 16 pt character on two 15.79 pt cells (14 characters a line), so the grid is
/// lines-only and the spacing lives in the body style, where users can see and change it.
const CONDENSE: &str = "<w:spacing w:val=\"-5\"/>";

/// The .docx package bytes (a fresh `Writer`: nothing reused).
pub fn render(outline: &Outline, draft: &Draft) -> Result<Vec<u8>, RenderError> {
    Writer::default().render(outline, draft)
}

/// Writes .docx packages; the app's worker keeps one for its lifetime, so the parts that don't
/// depend on the draft are compressed once and the deflater is reused (`package`).
#[derive(Default)]
pub struct Writer(Packer);

impl Writer {
    /// The .docx package bytes: the same as `render`'s, whatever this writer wrote before.
    pub fn render(&mut self, outline: &Outline, draft: &Draft) -> Result<Vec<u8>, RenderError> {
        let title = outline.title.as_str();
        let name = draft.info("name").trim();
        let (document, styles, core, json) = (document(outline, &draft.layout), styles(&draft.layout), core(title, name), storage::encode(draft));
        let (root_rels, font_table, footer1, footer2) = (root_rels(), font_table(), footer("right"), footer("left"));
        // Reusable: the parts the draft doesn't write. Styles follow the draft's layout, which
        // the cache sees: it is keyed on each part's text.
        let part = |name, text, reusable| Part { name, text, reusable };
        let parts = [
            part("[Content_Types].xml", CONTENT_TYPES, true),
            part("_rels/.rels", &root_rels, true),
            part("word/document.xml", &document, false),
            part("word/_rels/document.xml.rels", DOCUMENT_RELS, true),
            part("word/styles.xml", &styles, true),
            part("word/settings.xml", SETTINGS, true),
            part("word/fontTable.xml", &font_table, true),
            part("word/footer1.xml", &footer1, true),
            part("word/footer2.xml", &footer2, true),
            part("docProps/core.xml", &core, false),
            part("docProps/app.xml", APP, true),
            part(DRAFT_PART, &json, false),
        ];
        // Every write goes to memory under names we choose, so packing fails only on a part over
        // 4 GiB; if it does, the caller says so instead of handing on a truncated package.
        self.0.pack(&parts).map_err(|e| RenderError::Package(e.0))
    }
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Default Extension=\"json\" ContentType=\"application/json\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

fn root_rels() -> String {
    format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{REL}officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{REL}extended-properties\" Target=\"docProps/app.xml\"/>\
<Relationship Id=\"rId4\" Type=\"{DRAFT_REL_TYPE}\" Target=\"{DRAFT_PART}\"/>\
</Relationships>"
    )
}

const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>",
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    "</Relationships>"
);

// Element order inside w:settings follows the schema (Word rejects out-of-order elements).
// doNotCompress keeps full-width punctuation a full character wide, so every line holds 28.
const SETTINGS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"640\"/><w:evenAndOddHeaders/>",
    "<w:characterSpacingControl w:val=\"doNotCompress\"/>",
    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>",
    "</w:settings>"
);

const APP: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>Shuzhi</Application></Properties>"
);

/// Document properties: the title, and the author only if the user typed a name (reports are
/// internal; nothing personal goes into the file unasked). No dates: the core reads no clock,
/// and the same draft always gives the same bytes.
fn core(title: &str, name: &str) -> String {
    let creator = if name.is_empty() { String::new() } else { format!("<dc:creator>{}</dc:creator>", escape(name)) };
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">\
<dc:title>{}</dc:title>{creator}</cp:coreProperties>",
        escape(title)
    )
}

/// Fonts with their GB2312 charset and the font Windows ships under another name, so Word and
/// WPS substitute sensibly on machines without the official fonts.
fn font_table() -> String {
    let mut out = format!("{XML_HEAD}<w:fonts xmlns:w=\"{W_NS}\">");
    out.push_str("<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>");
    for (font, alt) in
        [(FANGSONG, "仿宋"), (KAITI, "楷体"), (HEITI, "SimHei"), (SONGTI, "SimSun"), (XIAOBIAOSONG, "华文中宋")]
    {
        out.push_str(&format!(
            "<w:font w:name=\"{font}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>"
        ));
    }
    out.push_str("</w:fonts>");
    out
}

/// All four font slots, never theme fonts (else WPS reports missing fonts and Word falls back to
/// MS Mincho).
fn fonts(east_asia: &str) -> String {
    format!("<w:rFonts w:ascii=\"{LATIN}\" w:hAnsi=\"{LATIN}\" w:eastAsia=\"{east_asia}\" w:cs=\"{LATIN}\"/>")
}

fn styles(layout: &Layout) -> String {
    let line = layout.line_pitch.twips();
    let bold = if layout.bold_subheadings { "<w:b/><w:bCs/>" } else { "" };
    let spacing = format!("<w:spacing w:line=\"{line}\" w:lineRule=\"exact\"/>");
    let no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
    let heading = |id: &str, name: &str, level: u8, font: &str, bold: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
<w:rPr>{}{bold}</w:rPr></w:style>",
            fonts(font)
        )
    };
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{W_NS}\">\
<w:docDefaults><w:rPrDefault><w:rPr>{fs}<w:color w:val=\"000000\"/><w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>\
<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>{spacing}\
<w:ind w:firstLine=\"640\" w:firstLineChars=\"200\"/><w:jc w:val=\"both\"/></w:pPr>\
<w:rPr>{fs}<w:color w:val=\"000000\"/>{CONDENSE}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ReportTitle\"><w:name w:val=\"报告标题\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:after=\"{line}\" w:line=\"{line}\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/></w:pPr>\
<w:rPr>{title_fonts}<w:snapToGrid w:val=\"0\"/><w:spacing w:val=\"0\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>\
{h1}{h2}{h3}\
<w:style w:type=\"paragraph\" w:styleId=\"Byline\"><w:name w:val=\"署名\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"{line}\" w:line=\"{line}\" w:lineRule=\"exact\"/>{no_indent}<w:jc w:val=\"center\"/></w:pPr><w:rPr>{kaiti}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"DateLine\"><w:name w:val=\"落款日期\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:before=\"{line}\" w:line=\"{line}\" w:lineRule=\"exact\"/><w:ind w:right=\"1280\" w:rightChars=\"400\" w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"right\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/>{no_indent}</w:pPr>\
<w:rPr><w:rFonts w:ascii=\"{SONGTI}\" w:hAnsi=\"{SONGTI}\" w:eastAsia=\"{SONGTI}\" w:cs=\"{SONGTI}\"/><w:spacing w:val=\"0\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>\
</w:styles>",
        fs = fonts(FANGSONG),
        title_fonts = fonts(XIAOBIAOSONG),
        kaiti = fonts(KAITI),
        h1 = heading("Heading1", "一级标题", 0, HEITI, ""),
        h2 = heading("Heading2", "二级标题", 1, KAITI, bold),
        h3 = heading("Heading3", "三级标题", 2, FANGSONG, bold),
    )
}

/// Page number `— N —` in 四号 宋体: odd pages right-aligned, even pages left-aligned, each one
/// 14 pt character in from the edge of the text block (GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字).
fn footer(side: &str) -> String {
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"{W_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>\
<w:ind w:{side}=\"280\" w:{side}Chars=\"100\" w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"{side}\"/></w:pPr>\
<w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

fn document(outline: &Outline, layout: &Layout) -> String {
    let bold = layout.bold_subheadings;
    let mut out = format!("{XML_HEAD}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>");
    let mut blocks = outline.blocks.iter().peekable();
    while let Some(block) = blocks.next() {
        match block {
            // A name line takes the title's blank line below itself.
            Block::Title { text } => {
                let tight = matches!(blocks.peek(), Some(Block::Byline { .. }));
                let line = layout.line_pitch.twips();
                let ppr = if tight { format!("<w:spacing w:after=\"0\" w:line=\"{line}\" w:lineRule=\"exact\"/>") } else { String::new() };
                paragraph(&mut out, Some("ReportTitle"), &ppr, &[(text, false)], XIAOBIAOSONG)
            }
            Block::Byline { text } => paragraph(&mut out, Some("Byline"), "", &[(text, false)], KAITI),
            Block::Date { text } => paragraph(&mut out, Some("DateLine"), "", &[(text, false)], FANGSONG),
            Block::Heading { level, number, text, .. } => {
                let (style, font) = match level {
                    0 | 1 => ("Heading1", HEITI),
                    2 => ("Heading2", KAITI),
                    _ => ("Heading3", FANGSONG),
                };
                paragraph(&mut out, Some(style), "", &[(number, false), (text, false)], font);
            }
            Block::Paragraph { lead: Some(lead), text, .. } => {
                let lead_text = format!("{}{}", lead.number, lead.title);
                paragraph(&mut out, None, "", &[(&lead_text, bold), (text, false)], FANGSONG);
            }
            Block::Paragraph { lead: None, text, .. } | Block::Leftover { text } => {
                paragraph(&mut out, None, "", &[(text, false)], FANGSONG);
            }
            // The closing stands one blank line below the body, as in the HTML preview.
            Block::Closing { text } => {
                let before = format!("<w:spacing w:before=\"{}\"/>", layout.line_pitch.twips());
                paragraph(&mut out, None, &before, &[(text, false)], FANGSONG);
            }
        }
    }
    out.push_str(&format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"even\" r:id=\"rId5\"/>\
<w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"1417\" w:gutter=\"0\"/>\
<w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"{}\"/></w:sectPr>\
</w:body></w:document>",
        layout.line_pitch.twips()
    ));
    out
}

/// One paragraph: its style, extra paragraph properties, and text pieces (each possibly bold).
fn paragraph(out: &mut String, style: Option<&str>, ppr: &str, pieces: &[(&String, bool)], cjk_font: &str) {
    out.push_str("<w:p>");
    if style.is_some() || !ppr.is_empty() {
        out.push_str("<w:pPr>");
        if let Some(style) = style {
            out.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
        }
        out.push_str(ppr);
        out.push_str("</w:pPr>");
    }
    for (text, bold) in pieces {
        runs(out, text, *bold, cjk_font);
    }
    out.push_str("</w:p>");
}

/// Characters Word sets in the hAnsi (Latin) font unless told otherwise: curly quotes, the
/// ellipsis, the em dash (——) and the 间隔号 ·. In Chinese text they must take the Chinese font's
/// full-width glyphs, so they get runs whose every font slot is the Chinese font, plus
/// `w:hint="eastAsia"` for WPS. (LibreOffice, seen in the preview, otherwise sets a closing quote
/// after Latin letters, as in “PDCA”, in the Latin font.)
fn wants_cjk_font(c: char) -> bool {
    matches!(c, '‘' | '’' | '“' | '”' | '…' | '—' | '―' | '·')
}

/// Splits `text` into runs: a new run whenever the font class changes; tabs and line breaks
/// become `<w:tab/>` and `<w:br/>`; characters XML 1.0 forbids are dropped.
fn runs(out: &mut String, text: &str, bold: bool, cjk_font: &str) {
    let mut current: Option<bool> = None; // Some(cjk?) while a run is open
    let mut in_text = false;
    for c in text.chars().filter(|&c| allowed(c)) {
        let cjk = wants_cjk_font(c);
        if current != Some(cjk) {
            if in_text {
                out.push_str("</w:t>");
                in_text = false;
            }
            if current.is_some() {
                out.push_str("</w:r>");
            }
            out.push_str("<w:r>");
            if cjk || bold {
                out.push_str("<w:rPr>");
                if cjk {
                    out.push_str(&format!(
                        "<w:rFonts w:ascii=\"{cjk_font}\" w:hAnsi=\"{cjk_font}\" w:eastAsia=\"{cjk_font}\" w:cs=\"{cjk_font}\" w:hint=\"eastAsia\"/>"
                    ));
                }
                if bold {
                    out.push_str("<w:b/><w:bCs/>");
                }
                out.push_str("</w:rPr>");
            }
            current = Some(cjk);
        }
        let element = match c {
            '\t' => "<w:tab/>",
            '\n' | '\r' => "<w:br/>",
            _ => "",
        };
        if !element.is_empty() {
            if in_text {
                out.push_str("</w:t>");
                in_text = false;
            }
            out.push_str(element);
            continue;
        }
        if !in_text {
            out.push_str("<w:t xml:space=\"preserve\">");
            in_text = true;
        }
        push_escaped(out, c);
    }
    if in_text {
        out.push_str("</w:t>");
    }
    if current.is_some() {
        out.push_str("</w:r>");
    }
}

/// XML 1.0 characters minus C0/C1 controls other than tab and line breaks (a pasted form feed
/// makes Word refuse the whole file). U+FFFE/U+FFFF are not XML characters either. Rust strings
/// cannot hold lone surrogates, so those never reach here.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        c => out.push(c),
    }
}

/// Escapes text for element content and attributes, dropping characters XML forbids; tabs and
/// line breaks become spaces (metadata fields are single-line).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| allowed(c)) {
        push_escaped(&mut out, if c.is_whitespace() && c.is_ascii() { ' ' } else { c });
    }
    out
}
