//! Files into text: refusal of what we cannot read, encoding detection, and the few formats that
//! are not plain text (Markdown, HTML, .docx, our own draft JSON).
//!
//! Everything here is decided from the bytes first and the name second: people rename files, and
//! a `.txt` that is really a PDF must get the PDF message.

mod encoding;

use super::{import_paragraphs, ImportError, Imported, MAX_FILE_BYTES};
use crate::report::diagnostic::{Code, Diagnostic, Place, Severity};
use crate::report::docx_read::{self, DocxReadError};
use crate::report::storage::{self, DecodeError};
use crate::report::template::Template;

const PDF: &str = "不支持 PDF，请在 Word/WPS 中另存为 .docx 或复制文字粘贴";
const OLD_WORD: &str = "这是旧版 Word/WPS 文档（.doc/.wps），无法直接读取：请在 Word 或 WPS 中“另存为”.docx 后再导入，或复制文字粘贴。";
const IMAGE: &str = "这是图片，无法识别其中的文字：请导入 Word (.docx) 或文本 (.txt) 文件，或复制文字粘贴";
const BINARY: &str = "这不是文本文件，无法导入：支持 Word (.docx)、文本 (.txt)、Markdown (.md) 和本程序的草稿 (.json)，也可以直接粘贴文字";

pub fn import_file(name: &str, bytes: &[u8], template: &Template, known: &[Template], decode: &dyn Fn(&[u8], &str) -> Option<String>) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let ext = extension(name);
    refuse_by_magic(bytes, &ext)?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return import_docx(bytes, &ext, template, known);
    }
    if matches!(ext.as_str(), "docx" | "docm" | "dotx") {
        return Err(ImportError::Damaged(DocxReadError::NotZip("文件开头不是 zip 格式".into()).to_string()));
    }
    if matches!(ext.as_str(), "doc" | "wps" | "dot") {
        return Err(ImportError::Unsupported(OLD_WORD.into()));
    }
    if matches!(ext.as_str(), "pdf") {
        return Err(ImportError::Unsupported(PDF.into()));
    }
    let encoding::Decoded { text, encoding, notes: decode_notes, replaced: decoded_bad } = encoding::decode_text(bytes, decode)?;
    if is_binary(&text, decoded_bad) {
        return Err(ImportError::Unsupported(BINARY.into()));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Unsupported("文件是空的，没有可导入的文字".into()));
    }
    let mut notes = Vec::new();
    if let Some(encoding) = encoding {
        notes.push(info(Code::ImportEncoding, format!("文件按{encoding}编码读取")));
    }
    let replaced = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if decode_notes.is_empty() && replaced > 0 {
        notes.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::ImportBadBytes,
            message: format!("文件中有 {replaced} 个“\u{FFFD}”字符（通常是以前转换编码时损坏的文字），请核对"),
            place: Place::Report,
            fix: None,
        });
    }
    notes.extend(decode_notes);
    if ext == "json" || looks_like_json(&text) {
        match storage::decode(&text) {
            Ok(draft) => {
                let mut diagnostics = match repaired_note(&draft) {
                    Some(note) => vec![note],
                    None => vec![info(Code::ImportDraftFile, "这是述职报告向导的草稿文件，已按原样打开".into())],
                };
                diagnostics.extend(notes);
                return Ok(Imported { draft, diagnostics, review: Default::default() });
            }
            Err(DecodeError::NotADraft) if ext != "json" => {}
            Err(DecodeError::NotADraft) => return Err(ImportError::Unsupported("这个 JSON 文件不是述职报告向导的草稿".into())),
            Err(e @ DecodeError::Damaged(_)) => return Err(ImportError::Damaged(e.to_string())),
            Err(e @ DecodeError::Newer { .. }) => return Err(ImportError::Unsupported(e.to_string())),
        }
    }
    let text = match ext.as_str() {
        "md" | "markdown" => strip_markdown(&text),
        "html" | "htm" => strip_html(&text),
        _ if looks_like_html(&text) => strip_html(&text),
        _ => text,
    };
    let mut imported = super::import_text(&text, template);
    imported.diagnostics.extend(notes);
    Ok(imported)
}

fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((_, ext)) => ext.trim().to_ascii_lowercase(),
        None => String::new(),
    }
}

fn info(code: Code, message: String) -> Diagnostic {
    Diagnostic { severity: Severity::Info, code, message, place: Place::Report, fix: None }
}

/// File kinds recognised by their first bytes that we do not read.
fn refuse_by_magic(bytes: &[u8], ext: &str) -> Result<(), ImportError> {
    let unsupported = |why: &str| Err(ImportError::Unsupported(why.to_string()));
    if bytes.starts_with(b"%PDF") {
        return unsupported(PDF);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext {
            "xls" | "et" => unsupported("这是 Excel 表格，无法导入：请复制报告文字粘贴"),
            "ppt" | "dps" => unsupported("这是演示文稿，无法导入：请复制报告文字粘贴"),
            _ => unsupported(OLD_WORD),
        };
    }
    let image = bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.starts_with(b"BM") && ext == "bmp")
        || bytes.get(4..8) == Some(b"ftyp");
    if image {
        return unsupported(IMAGE);
    }
    if bytes.starts_with(b"{\\rtf") {
        return unsupported("不支持 RTF 文件，请在 Word/WPS 中另存为 .docx 或复制文字粘贴");
    }
    let archive = bytes.starts_with(b"Rar!") || bytes.starts_with(b"7z\xBC\xAF\x27\x1C") || bytes.starts_with(&[0x1F, 0x8B]);
    if archive {
        return unsupported("这是压缩包，请先解压，再导入其中的 Word (.docx) 或文本文件");
    }
    Ok(())
}

/// A zip: a .docx (our own export opens as the draft it embeds), or some other zip we refuse.
fn import_docx(bytes: &[u8], ext: &str, template: &Template, known: &[Template]) -> Result<Imported, ImportError> {
    if ext == "odt" {
        return Err(ImportError::Unsupported("不支持 OpenDocument (.odt)，请在 WPS/Word/LibreOffice 中另存为 .docx 后再导入".into()));
    }
    let content = docx_read::read(bytes).map_err(|e| match e {
        DocxReadError::NotWord | DocxReadError::NoText | DocxReadError::TooMuch(_) => ImportError::Unsupported(e.to_string()),
        DocxReadError::NotZip(_) | DocxReadError::BadXml(_) => ImportError::Damaged(e.to_string()),
    })?;
    let mut notes = Vec::new();
    if let Some(json) = &content.embedded_draft {
        match storage::decode(json) {
            // Word and WPS may keep our part when the user edits and re-saves the file: then the
            // embedded draft is stale, and the paragraphs are the truth.
            Ok(draft) if embedded_matches_text(&draft, template, known, &content.paragraphs) => {
                let note = info(Code::ImportEmbeddedDraft, "这是本程序导出的 Word 文件，已打开其中保存的草稿（与导出时完全一致）".into());
                let diagnostics = std::iter::once(note).chain(repaired_note(&draft)).collect();
                return Ok(Imported { draft, diagnostics, review: Default::default() });
            }
            Ok(_) => notes
                .push(info(Code::ImportEmbeddedDraft, "这个 Word 文件导出后被修改过，已按文件中的文字重新识别（没有使用其中保存的旧草稿）".into())),
            Err(e) => notes.push(Diagnostic {
                severity: Severity::Warning,
                code: Code::ImportEmbeddedDraft,
                message: format!("文件中保存的草稿无法读取（{e}），已改为按文字导入"),
                place: Place::Report,
                fix: None,
            }),
        }
    }
    let mut imported = import_paragraphs(&content.paragraphs, template);
    imported.diagnostics.extend(notes);
    Ok(imported)
}

/// A warning when decoding had to renumber items of a draft file (`Draft::repair`): it is then
/// not opened “as it was”, and the check lists the items.
fn repaired_note(draft: &crate::report::Draft) -> Option<Diagnostic> {
    use crate::report::model::IdRepair;
    let renumbered = draft.repairs.0.iter().filter(|r| matches!(r, IdRepair::Renumbered { .. })).count();
    (renumbered > 0).then(|| Diagnostic {
        severity: Severity::Warning,
        code: Code::ImportDraftRepaired,
        message: format!(
            "这是述职报告向导的草稿，但其中 {renumbered} 个条目的编号与别的条目重复或超出范围（文件可能被手工改过），已重新编号，文字没有改动；请在“检查与导出”中核对这些条目"
        ),
        place: Place::Report,
        fix: None,
    })
}

/// Whether the draft embedded in a .docx still prints exactly the document's paragraphs, printed
/// with its own template when it is among the `known` ones (built-in or loaded), else `fallback`.
fn embedded_matches_text(draft: &crate::report::Draft, fallback: &Template, known: &[Template], paragraphs: &[String]) -> bool {
    let template = known.iter().find(|t| t.id == draft.template_id).unwrap_or(fallback);
    let printed: Vec<String> = crate::report::outline(draft, template).blocks.iter().map(|b| b.plain()).collect();
    let written: Vec<&str> = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    printed.iter().map(|p| p.trim()).eq(written)
}

/// More than 5 % control characters or U+FFFD: not a text file. The `decoded_bad` U+FFFD that
/// decoding put in do not count: the decoder judged and reported those already.
fn is_binary(text: &str, decoded_bad: usize) -> bool {
    let mut total = 0usize;
    let mut junk = 0usize;
    for c in text.chars() {
        total += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}');
        if control || c == '\u{FFFD}' {
            junk += 1;
        }
    }
    let junk = junk.saturating_sub(decoded_bad);
    junk > 0 && junk * 20 > total
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{FEFF}').trim_start().starts_with('{') && text.contains(storage::DRAFT_KIND)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start_matches('\u{FEFF}').trim_start().chars().take(15).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Markdown to the text it shows: heading marks, quote marks, list bullets, emphasis, escapes,
/// code fences and rules go; numbered lists keep their numbers (they are the report's numbering).
pub fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut line = line.trim_start();
        if line.starts_with("```") || line.starts_with("~~~") || is_rule(line) {
            out.push('\n');
            continue;
        }
        while let Some(rest) = line.strip_prefix('>') {
            line = rest.trim_start();
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            line = line[hashes..].trim().trim_end_matches('#').trim_end();
        }
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = line.strip_prefix(bullet) {
                line = rest;
                break;
            }
        }
        out.push_str(&inline_markdown(line));
        out.push('\n');
    }
    out
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && ["-", "*", "_"].iter().any(|m| compact.chars().all(|c| c.to_string() == *m))
}

/// `**粗体**`, `__粗体__`, `` `代码` ``, `\.` escapes, `[文字](链接)` and `![图](链接)` → their text.
fn inline_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(next);
                i += 2;
            }
            '*' | '_' if next == Some(c) => i += 2,
            '`' => i += 1,
            '!' if next == Some('[') => i += 1,
            '[' => match link_end(&chars, i) {
                Some((text_end, end)) => {
                    out.push_str(&inline_markdown(&chars[i + 1..text_end].iter().collect::<String>()));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// For `[text](url)` starting at `open`: the index of `]` and the index after `)`. The search is
/// bounded so a line of ten thousand `[` stays linear.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    const WINDOW: usize = 300;
    let window = |from: usize| chars.get(from..).map_or(&[][..], |rest| &rest[..rest.len().min(WINDOW)]);
    let close = open + window(open).iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let paren = close + 1 + window(close + 1).iter().position(|&c| c == ')')?;
    Some((close, paren + 1))
}

/// HTML (our own export, a web page saved from a browser) to its text, one block per line.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            out.push_str(&decode_entities(after));
            rest = "";
            break;
        };
        let tag = after[1..gt].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        rest = &after[gt + 1..];
        if matches!(name.as_str(), "script" | "style" | "head" | "title") && !after[1..].starts_with('/') {
            let close = format!("</{name}");
            rest = match find_ignoring_case(rest, &close) {
                Some(end) => &rest[end..],
                None => "",
            };
            continue;
        }
        if matches!(name.as_str(), "p" | "br" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "section" | "article")
        {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// Byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.replace('\n', " ");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => ' ',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_shows_its_text() {
        let md = "# 2024年度报告\n\n## 一、主要工作情况\n\n1\\.**政治建设。**正文\\*号\n\n> 引用\n\n- 列表\n\n---\n[链接](http://x) ![图](y.png)\n";
        assert_eq!(strip_markdown(md), "2024年度报告\n\n一、主要工作情况\n\n1.政治建设。正文*号\n\n引用\n\n列表\n\n\n链接 图\n");
    }

    #[test]
    fn html_shows_its_text() {
        let html = "<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body><h1>标题</h1><p>一段&lt;文字&gt;&amp;&#20013;</p></body></html>";
        let text = strip_html(html);
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, ["标题", "一段<文字>&中"]);
    }
}
