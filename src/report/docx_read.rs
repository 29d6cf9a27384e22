//! Reading a .docx package: the paragraphs' text and, if present, the draft JSON we embedded.
//!
//! Files come from anywhere (Word, WPS, LibreOffice, damaged downloads, hostile uploads), so
//! nothing here panics on any input, every decompressed part is capped (zip bombs), and the XML
//! is read by a small hand-written tokenizer: no recursion (deep nesting cannot overflow the
//! stack), no DTDs (no entity expansion), and no XML crate in the wasm bundle.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use crate::report::render::docx::DRAFT_PART;

mod numbering;

use numbering::{Numbering, ParagraphNumbering, Styles};

/// What a .docx holds that the importer can use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocxContent {
    /// The text of every body paragraph, in order.
    pub paragraphs: Vec<String>,
    /// The draft JSON embedded by our own Word export, if any.
    pub embedded_draft: Option<String>,
}

/// Why a file could not be read as a .docx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxReadError {
    /// Not a zip archive, or a damaged one.
    NotZip(String),
    /// A zip, but without `word/document.xml`.
    NotWord,
    /// `word/document.xml` is not well-formed.
    BadXml(String),
    /// The document holds no text this reader can see (empty, or its markup is not
    /// WordprocessingML: a `w:` prefix bound to another namespace).
    NoText,
    /// What the package expands to is past what a report can be (text, paragraphs): refused
    /// before it costs time or memory.
    TooMuch(String),
}

impl std::fmt::Display for DocxReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxReadError::NotZip(why) => write!(f, "文件已损坏，不是有效的 Word (.docx) 文件：{why}"),
            DocxReadError::NotWord => f.write_str("这个压缩包不是 Word 文档（缺少 word/document.xml）"),
            DocxReadError::BadXml(why) => write!(f, "Word 文档内容损坏，无法读取：{why}"),
            DocxReadError::NoText => f.write_str(
                "这个 Word 文件里没有读得出的文字（文件可能已损坏，或不是 Word/WPS 保存的 .docx）：请用 Word 或 WPS 打开后另存为 .docx，或复制文字粘贴",
            ),
            DocxReadError::TooMuch(why) => write!(f, "这个 Word 文件展开后太大，不像一份报告：{why}，无法导入"),
        }
    }
}

impl std::error::Error for DocxReadError {}

/// No real report comes near this; a part claiming more is a zip bomb or not a report.
const MAX_PART: u64 = 20 * 1024 * 1024;
/// The text a .docx may expand to: the cap a text file has, `import::MAX_FILE_BYTES` (a report is
/// ≈ 10 KB; `tests/docx_budgets.rs` keeps the two equal).
pub const MAX_TEXT: usize = 5 * 1024 * 1024;
/// Paragraphs a .docx may have, empty ones included (a long report has a few hundred).
const MAX_PARAGRAPHS: usize = 100_000;
/// Word nests a few dozen elements deep and declares a few dozen namespaces; the caps keep a
/// hostile file from making namespace lookups quadratic (a hung tab instead of an error).
const MAX_DEPTH: usize = 1_000;
const MAX_BINDINGS: usize = 128;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a .docx: every `w:p` of the main document as text, and our embedded draft if present.
pub fn read(bytes: &[u8]) -> Result<DocxContent, DocxReadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxReadError::NotZip(e.to_string()))?;
    // The package root names the main part; every producer we know uses word/document.xml, but
    // the relationship is what the standard guarantees.
    let main = match part(&mut zip, "_rels/.rels") {
        Ok(Some(rels)) => main_part(&rels).unwrap_or_else(|| "word/document.xml".into()),
        _ => "word/document.xml".into(),
    };
    let xml = match part(&mut zip, &main)? {
        Some(xml) => xml,
        None => part(&mut zip, "word/document.xml")?.ok_or(DocxReadError::NotWord)?,
    };
    // Automatic numbering is a nicety: parts that do not read give no labels.
    let styles = match part(&mut zip, "word/styles.xml") {
        Ok(Some(xml)) => Styles::read(&xml),
        _ => Styles::default(),
    };
    let mut numbering = match part(&mut zip, "word/numbering.xml") {
        Ok(Some(xml)) => Numbering::read(&xml, styles),
        _ => Numbering::read("", styles),
    };
    let paragraphs = paragraphs(&xml, &mut numbering)?;
    if paragraphs.iter().all(|p| p.trim().is_empty()) {
        return Err(DocxReadError::NoText);
    }
    // A damaged embedded draft is not fatal: the text is still there to import.
    let embedded_draft = part(&mut zip, DRAFT_PART).ok().flatten();
    Ok(DocxContent { paragraphs, embedded_draft })
}

/// A part's text, `None` when the package has no such part.
fn part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, DocxReadError> {
    let too_big = || DocxReadError::NotZip(format!("{name} 解压后超过 20 MB"));
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxReadError::NotZip(e.to_string())),
    };
    if file.size() > MAX_PART {
        return Err(too_big());
    }
    // The declared size can lie: read at most one byte past the cap.
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1).read_to_end(&mut bytes).map_err(|e| DocxReadError::NotZip(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(too_big());
    }
    decode(bytes).map(Some).ok_or_else(|| DocxReadError::BadXml(format!("{name} 的编码无法识别")))
}

/// XML parts are UTF-8 or UTF-16 with a byte-order mark (ECMA-376 Part 2).
fn decode(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks_exact(2).map(|p| {
            if be {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().ok()
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => utf16(false),
        Some([0xFE, 0xFF]) => utf16(true),
        _ => {
            let text = String::from_utf8(bytes).ok()?;
            Some(text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))
        }
    }
}

/// The target of the package's officeDocument relationship.
fn main_part(rels: &str) -> Option<String> {
    let mut found = None;
    parse(rels, &mut |event| {
        if let Event::Start { local: "Relationship", attrs, .. } = event {
            let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
            if found.is_none() && attr("Type").is_some_and(|t| t.ends_with("/officeDocument")) {
                found = attr("Target").map(|t| t.trim_start_matches('/').to_string());
            }
        }
    })
    .ok()?;
    found
}

/// The text of every `w:p`, in document order (a text box's paragraphs come before the
/// paragraph anchoring it). `w:tab` → tab, `w:br`/`w:cr` → newline; deleted text (`w:delText`,
/// `w:moveFrom`), ruby annotations and the legacy duplicate of drawings (`mc:Fallback`) are left out.
/// A paragraph of an automatically numbered list starts with the label Word shows (`1.`, `一、`),
/// whether the numbering is its own or its style's.
///
/// Budgets are checked while the text grows: more than `MAX_PARAGRAPHS` paragraphs or
/// `MAX_TEXT` bytes of text is refused at once, before the rest is read.
fn paragraphs(xml: &str, numbering: &mut Numbering) -> Result<Vec<String>, DocxReadError> {
    let mut done = Vec::new();
    let mut open: Vec<String> = Vec::new();
    // Per open paragraph: its style and list (`w:pStyle`, `w:numId`, `w:ilvl`), from its own properties.
    let mut lists: Vec<ParagraphNumbering> = Vec::new();
    let mut parents: Vec<bool> = Vec::new(); // per open element: is it a w:r?
    let mut skip = 0usize; // depth inside a skipped subtree
    let mut in_text = false;
    let mut in_ppr = 0usize; // depth inside the open paragraph's w:pPr
    let mut total = 0usize;
    let mut over: Option<String> = None;
    let parsed = parse_until(xml, &mut |event| {
        match event {
            Event::Start { ns, local, attrs } => {
                let word = ns == W_NS || ns == W_STRICT_NS;
                // `pPrChange`: the properties before a tracked change (its old numbering is not shown).
                if skip > 0 || (ns == MC_NS && local == "Fallback") || (word && matches!(local, "moveFrom" | "rt" | "pPrChange")) {
                    skip += 1;
                    return true;
                }
                let in_run = parents.last() == Some(&true);
                parents.push(word && local == "r");
                if !word {
                    return true;
                }
                let val = || attrs.iter().find(|(k, _)| k.rsplit(':').next() == Some("val")).map(|(_, v)| v.to_string());
                let extra = match local {
                    "p" => {
                        if done.len() + open.len() >= MAX_PARAGRAPHS {
                            over = Some(format!("段落超过 {MAX_PARAGRAPHS} 个"));
                        }
                        open.push(String::new());
                        lists.push(ParagraphNumbering::default());
                        in_ppr = 0;
                        None
                    }
                    "pPr" => {
                        in_ppr += 1;
                        None
                    }
                    "pStyle" | "numId" | "ilvl" if in_ppr > 0 => {
                        if let Some(list) = lists.last_mut() {
                            match local {
                                "pStyle" => list.style = val(),
                                "numId" => list.num_id = val(),
                                _ => list.ilvl = val().and_then(|v| v.parse().ok()),
                            }
                        }
                        None
                    }
                    "t" => {
                        in_text = true;
                        None
                    }
                    "tab" | "ptab" if in_run => Some('\t'),
                    "br" | "cr" if in_run => Some('\n'),
                    "noBreakHyphen" if in_run => Some('-'),
                    _ => None,
                };
                if let (Some(c), Some(p)) = (extra, open.last_mut()) {
                    p.push(c);
                    total += 1;
                }
            }
            Event::End { ns, local } => {
                if skip > 0 {
                    skip -= 1;
                    return true;
                }
                parents.pop();
                if ns == W_NS || ns == W_STRICT_NS {
                    match local {
                        "p" => {
                            let numbering_props = lists.pop().unwrap_or_default();
                            let text = open.pop().unwrap_or_default();
                            // An empty numbered paragraph still takes its number, as in Word.
                            let label = numbering.label(&numbering_props);
                            total += label.len();
                            done.push(if text.trim().is_empty() { text } else { label + &text });
                        }
                        "pPr" => in_ppr = in_ppr.saturating_sub(1),
                        "t" => in_text = false,
                        _ => {}
                    }
                }
            }
            Event::Text(text) => {
                if let (true, 0, Some(p)) = (in_text, skip, open.last_mut()) {
                    // A raw line break inside w:t is markup whitespace; Word shows it as a space.
                    p.extend(text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
                    total += text.len();
                }
            }
        }
        if total > MAX_TEXT && over.is_none() {
            over = Some(format!("文字超过 {} MB", MAX_TEXT / 1024 / 1024));
        }
        over.is_none()
    });
    if let Some(why) = over {
        return Err(DocxReadError::TooMuch(why));
    }
    parsed.map_err(DocxReadError::BadXml)?;
    Ok(done)
}

enum Event<'a> {
    /// An element opens (an empty element yields Start then End). `attrs` are (qualified name,
    /// decoded value).
    Start {
        ns: &'a str,
        local: &'a str,
        attrs: &'a [(String, String)],
    },
    End {
        ns: &'a str,
        local: &'a str,
    },
    Text(&'a str),
}

/// A streaming, non-recursive XML tokenizer with namespace resolution. It checks what is needed
/// to read safely (balanced tags, quoted attributes, known entities, one root) and refuses DTDs.
fn parse(xml: &str, on: &mut dyn FnMut(Event)) -> Result<(), String> {
    parse_until(xml, &mut |event| {
        on(event);
        true
    })
}

/// `parse`, stopping (with `Ok`) as soon as `on` returns `false`.
fn parse_until(xml: &str, on: &mut dyn FnMut(Event) -> bool) -> Result<(), String> {
    let mut stack: Vec<(&str, usize)> = Vec::new(); // open elements: qualified name, bindings before it
    let mut bindings: Vec<(String, String)> = Vec::new(); // prefix → namespace URI ("" = default)
    let mut rooted = false;
    let mut pos = 0;
    while pos < xml.len() {
        let rest = &xml[pos..];
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            let raw = &rest[..end];
            if stack.is_empty() {
                if !raw.trim().is_empty() {
                    return Err("根元素之外有文字".into());
                }
            } else {
                let text = unescape(raw)?;
                if !on(Event::Text(&text)) {
                    return Ok(());
                }
            }
            pos += end;
            continue;
        }
        let skip_to = |close: &str| rest.find(close).map(|i| i + close.len()).ok_or_else(|| format!("缺少 {close}"));
        if rest.starts_with("<?") {
            pos += skip_to("?>")?;
        } else if rest.starts_with("<!--") {
            pos += skip_to("-->")?;
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").ok_or("CDATA 未结束")?;
            if stack.is_empty() {
                return Err("根元素之外有 CDATA".into());
            }
            if !on(Event::Text(&body[..end])) {
                return Ok(());
            }
            pos += "<![CDATA[".len() + end + 3;
        } else if rest.starts_with("<!") {
            return Err("不支持 DTD 声明".into());
        } else if let Some(body) = rest.strip_prefix("</") {
            let end = body.find('>').ok_or("结束标签未闭合")?;
            let name = body[..end].trim_end();
            let (open, mark) = stack.pop().ok_or("多余的结束标签")?;
            if open != name {
                return Err(format!("标签不匹配：<{open}> 与 </{name}>"));
            }
            let (ns, start) = resolve(&bindings, name);
            if !on(Event::End { ns, local: &name[start..] }) {
                return Ok(());
            }
            bindings.truncate(mark);
            pos += 2 + end + 1;
        } else {
            if stack.is_empty() && rooted {
                return Err("有多个根元素".into());
            }
            let (name, attrs, empty, len) = start_tag(rest)?;
            let mark = bindings.len();
            for (key, value) in &attrs {
                if key == "xmlns" {
                    bindings.push((String::new(), value.clone()));
                } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                    bindings.push((prefix.to_string(), value.clone()));
                }
            }
            if bindings.len() > MAX_BINDINGS || stack.len() >= MAX_DEPTH {
                return Err("嵌套层次或命名空间过多".into());
            }
            let (ns, start) = resolve(&bindings, name);
            let local = &name[start..];
            if !on(Event::Start { ns, local, attrs: &attrs }) {
                return Ok(());
            }
            if empty {
                if !on(Event::End { ns, local }) {
                    return Ok(());
                }
                bindings.truncate(mark);
            } else {
                stack.push((name, mark));
            }
            rooted = true;
            pos += len;
        }
    }
    match (stack.last(), rooted) {
        (Some((name, _)), _) => Err(format!("<{name}> 未闭合")),
        (None, false) => Err("没有根元素".into()),
        (None, true) => Ok(()),
    }
}

/// (namespace URI, start of the local name) of a qualified name; an undeclared prefix resolves
/// to no namespace, as lenient readers do.
fn resolve<'b>(bindings: &'b [(String, String)], qname: &str) -> (&'b str, usize) {
    let (prefix, start) = match qname.find(':') {
        Some(i) => (&qname[..i], i + 1),
        None => ("", 0),
    };
    let ns = bindings.iter().rev().find(|(p, _)| p == prefix).map_or("", |(_, uri)| uri.as_str());
    (ns, start)
}

/// Parses `<name attr="v" …>` or `/>` at the start of `tag`: (name, attributes, empty?, length).
#[allow(clippy::type_complexity)]
fn start_tag(tag: &str) -> Result<(&str, Vec<(String, String)>, bool, usize), String> {
    let is_delim = |c: char| c.is_ascii_whitespace() || c == '/' || c == '>' || c == '=';
    let name_end = tag[1..].find(is_delim).map(|i| i + 1).ok_or("开始标签未闭合")?;
    let name = &tag[1..name_end];
    if name.is_empty() || name.contains(['<', '&', '"', '\'']) {
        return Err("元素名无效".into());
    }
    let mut attrs = Vec::new();
    let mut pos = name_end;
    loop {
        let rest = &tag[pos..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with("/>") {
            return Ok((name, attrs, true, pos + 2));
        }
        if trimmed.starts_with('>') {
            return Ok((name, attrs, false, pos + 1));
        }
        let key_end = trimmed.find(is_delim).ok_or("开始标签未闭合")?;
        let key = &trimmed[..key_end];
        let after = trimmed[key_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let after = after.strip_prefix('=').ok_or("属性缺少 =")?;
        let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let quote = after.chars().next().filter(|&q| q == '"' || q == '\'').ok_or("属性值缺少引号")?;
        let value_end = after[1..].find(quote).ok_or("属性值未闭合")?;
        let raw = &after[1..1 + value_end];
        if key.is_empty() || raw.contains('<') {
            return Err("属性无效".into());
        }
        attrs.push((key.to_string(), unescape(raw)?));
        // Advance past the closing quote.
        pos = tag.len() - after[1 + value_end + 1..].len();
        if !tag[pos..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            return Err("属性之间缺少空格".into());
        }
    }
}

/// Decodes the five predefined entities and character references.
fn unescape(raw: &str) -> Result<String, String> {
    if !raw.contains('&') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10).ok_or("无效的实体引用")?;
        let name = &after[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => name.strip_prefix('#').and_then(|dec| dec.parse().ok()),
                };
                code.and_then(char::from_u32)
                    .filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}'))
                    .ok_or_else(|| format!("无效的实体引用 &{name};"))?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<Vec<String>, String> {
        paragraphs(xml, &mut Numbering::default()).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_runs_tabs_breaks_and_entities_in_any_prefix() {
        let xml = r#"<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body>
<x:p><x:pPr><x:tabs><x:tab x:val="left" x:pos="720"/></x:tabs></x:pPr><x:r><x:t>a&amp;b&lt;&#x4E2D;&#25991;</x:t><x:tab/><x:t xml:space="preserve"> c</x:t><x:br/></x:r><x:del><x:r><x:delText>gone</x:delText></x:r></x:del></x:p>
<x:p/></x:body></x:document>"#;
        assert_eq!(texts(xml).unwrap(), ["a&b<中文\t c\n", ""]);
    }

    #[test]
    fn skips_fallbacks_and_keeps_text_boxes() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body><w:p><w:r><w:t>out</w:t><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body></w:document>"#;
        assert_eq!(texts(xml).unwrap(), ["box", "out"]);
    }

    #[test]
    fn refuses_malformed_xml() {
        for bad in [
            "<a><b></a></b>",
            "<a>",
            "",
            "text",
            "<a>&bogus;</a>",
            "<a>&#0;</a>",
            "<a x=1/>",
            "<a x=\"<\"/>",
            "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
            "<a/><b/>",
            "<a x=\"1\"y=\"2\"/>",
            format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1)).as_str(),
            format!("<a{}/>", (0..=MAX_BINDINGS).map(|i| format!(" xmlns:n{i}=\"u\"")).collect::<String>()).as_str(),
        ] {
            assert!(texts(bad).is_err(), "{bad}");
        }
        assert!(texts("<a x = '1' ><![CDATA[<w:t>]]></a>").is_ok());
        assert!(texts(&format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH))).is_ok());
    }
}
