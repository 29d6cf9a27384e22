//! Word export and reader tests: an independent reader (docx-rs) checks layout, fonts and text;
//! our own reader restores the embedded draft and reads files from LibreOffice; properties cover
//! hostile text (well-formed package, exact round trip) and hostile bytes (no panics).

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use shuzhi::report::docx_read::{self, DocxReadError};
use shuzhi::report::{outline, render, storage, Draft, Format, LinePitch};

fn docx_of(draft: &Draft) -> Vec<u8> {
    render(draft, &default_template(), Format::Docx).expect("renders")
}

fn text_lines(draft: &Draft) -> Vec<String> {
    let text = String::from_utf8(render(draft, &default_template(), Format::Txt).expect("renders")).unwrap();
    text.lines().map(str::to_string).collect()
}

/// Every part of the package, by name.
fn parts(docx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        parts.insert(file.name().unwrap().to_string(), bytes);
    }
    parts
}

fn part(docx: &[u8], name: &str) -> String {
    String::from_utf8(parts(docx).remove(name).unwrap_or_else(|| panic!("no part {name}"))).unwrap()
}

/// The package as docx-rs understands it, as JSON (its types keep most fields private).
fn independent(docx: &[u8]) -> Value {
    let doc = docx_rs::read_docx(docx).expect("docx-rs reads the package");
    serde_json::from_str(&doc.json()).unwrap()
}

fn body_paragraphs(json: &Value) -> Vec<&Value> {
    json["document"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "paragraph")
        .map(|c| &c["data"])
        .collect()
}

fn runs(paragraph: &Value) -> Vec<&Value> {
    paragraph["children"].as_array().unwrap().iter().filter(|c| c["type"] == "run").map(|c| &c["data"]).collect()
}

fn run_text(run: &Value) -> String {
    let mut out = String::new();
    for child in run["children"].as_array().unwrap() {
        match child["type"].as_str().unwrap() {
            "text" => out.push_str(child["data"]["text"].as_str().unwrap()),
            "tab" => out.push('\t'),
            "break" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn paragraph_text(paragraph: &Value) -> String {
    runs(paragraph).into_iter().map(run_text).collect()
}

fn style<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["styles"]["styles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["styleId"] == id)
        .unwrap_or_else(|| panic!("style {id}"))
}

/// ascii, hAnsi, eastAsia, cs.
fn fonts(rpr: &Value) -> [&str; 4] {
    let f = &rpr["fonts"];
    ["ascii", "hiAnsi", "eastAsia", "cs"]
        .map(|k| f[k].as_str().unwrap_or_else(|| panic!("font slot {k} unset in {rpr}")))
}

const TNR: &str = "Times New Roman";

#[test]
fn sample_page_setup_follows_gb_t_9704() {
    let json = independent(&docx_of(&sample_draft()));
    let section = &json["document"]["sectionProperty"];
    assert_eq!(section["pageSize"]["w"], 11906);
    assert_eq!(section["pageSize"]["h"], 16838);
    let margin = &section["pageMargin"];
    assert_eq!([&margin["top"], &margin["bottom"], &margin["left"], &margin["right"]], [2098, 1984, 1587, 1474]);
    assert_eq!(margin["footer"], 1417);
    assert_eq!(section["docGrid"]["gridType"], "lines");
    assert_eq!(section["docGrid"]["linePitch"], 579);
    assert_eq!(json["settings"]["evenAndOddHeaders"], true);
    assert_eq!(json["settings"]["characterSpacingControl"], "doNotCompress");
}

#[test]
fn sample_styles_set_fonts_sizes_and_spacing() {
    let json = independent(&docx_of(&sample_draft()));
    let normal = style(&json, "Normal");
    assert_eq!(fonts(&normal["runProperty"]), [TNR, TNR, "仿宋_GB2312", TNR]);
    assert_eq!(normal["runProperty"]["sz"], 32);
    assert_eq!(normal["runProperty"]["color"], "000000");
    // 0.25 pt condensed: 28 characters of 三号 on the 156 mm line.
    assert_eq!(normal["runProperty"]["characterSpacing"], -5);
    let ppr = &normal["paragraphProperty"];
    assert_eq!(ppr["alignment"], "both");
    assert_eq!(ppr["indent"]["specialIndent"]["type"], "firstLine");
    assert_eq!(ppr["indent"]["specialIndent"]["val"], 640);
    assert_eq!(ppr["indent"]["firstLineChars"], 200);
    assert_eq!(ppr["lineSpacing"]["lineRule"], "exact");
    assert_eq!(ppr["lineSpacing"]["line"], 579);

    let title = style(&json, "ReportTitle");
    assert_eq!(title["name"], "报告标题");
    assert_eq!(fonts(&title["runProperty"]), [TNR, TNR, "方正小标宋简体", TNR]);
    assert_eq!(title["runProperty"]["sz"], 44);
    assert!(title["runProperty"]["bold"].is_null(), "title is not bold");
    assert_eq!(title["paragraphProperty"]["alignment"], "center");
    assert_eq!(title["paragraphProperty"]["indent"]["firstLineChars"], 0);

    for (id, name, font, level) in [
        ("Heading1", "一级标题", "黑体", 0),
        ("Heading2", "二级标题", "楷体_GB2312", 1),
        ("Heading3", "三级标题", "仿宋_GB2312", 2),
    ] {
        let heading = style(&json, id);
        assert_eq!(heading["name"], name);
        assert_eq!(heading["basedOn"], "Normal");
        assert_eq!(fonts(&heading["runProperty"]), [TNR, TNR, font, TNR], "{id}");
        assert!(heading["runProperty"]["bold"].is_null(), "{id} not bold by default");
        assert_eq!(heading["paragraphProperty"]["outlineLvl"], level);
    }

    let footer = style(&json, "Footer");
    assert_eq!(fonts(&footer["runProperty"]), ["宋体"; 4]);
    assert_eq!(footer["runProperty"]["sz"], 28);
    let defaults = &json["styles"]["docDefaults"]["runPropertyDefault"]["runProperty"];
    assert_eq!(fonts(defaults), [TNR, TNR, "仿宋_GB2312", TNR]);
    assert_eq!(defaults["color"], "000000");
}

#[test]
fn sample_paragraphs_are_the_text_export_lines_in_their_styles() {
    let draft = sample_draft();
    let json = independent(&docx_of(&draft));
    let paragraphs = body_paragraphs(&json);
    let texts: Vec<String> = paragraphs.iter().map(|p| paragraph_text(p)).collect();
    assert_eq!(texts, text_lines(&draft));
    for (p, text) in paragraphs.iter().zip(&texts) {
        let style = p["property"]["style"].as_str();
        let want = if text.ends_with("述职报告") {
            Some("ReportTitle")
        } else if text.starts_with(['一', '二', '三']) && text.chars().nth(1) == Some('、') {
            Some("Heading1")
        } else {
            None // Normal, the body style
        };
        assert_eq!(style, want, "{text}");
    }
}

#[test]
fn footers_number_pages_on_alternating_sides() {
    let docx = docx_of(&sample_draft());
    let json = independent(&docx);
    let section = &json["document"]["sectionProperty"];
    for (key, side, align) in [("footer", "end", "right"), ("evenFooter", "start", "left")] {
        let footer = &section[key][1];
        let p = &footer["children"][0]["data"];
        assert_eq!(p["property"]["style"], "Footer");
        assert_eq!(p["property"]["alignment"], align, "{key}");
        assert_eq!(p["property"]["indent"][side], 280, "{key}: one 14 pt character in");
        assert_eq!(paragraph_text(p), "— 1 —");
        let instr: Vec<&Value> = runs(p)
            .iter()
            .flat_map(|r| r["children"].as_array().unwrap())
            .filter(|c| c["type"] == "instrTextString")
            .collect();
        assert_eq!(instr.len(), 1);
        assert_eq!(instr[0]["data"].as_str().unwrap().trim(), "PAGE");
    }
    assert_eq!(section["footerReference"]["footerType"], "default");
    assert_eq!(section["evenFooterReference"]["footerType"], "even");
    assert!(part(&docx, "word/footer1.xml").contains("w:rightChars=\"100\""));
    assert!(part(&docx, "word/footer2.xml").contains("w:leftChars=\"100\""));
}

#[test]
fn every_font_sets_all_four_slots_and_everything_is_black() {
    let mut draft = sample_draft();
    draft.intro.push_str("“引号”……");
    let docx = docx_of(&draft);
    let mut seen = 0;
    for (name, bytes) in parts(&docx) {
        if !name.ends_with(".xml") {
            continue;
        }
        let xml = String::from_utf8(bytes).unwrap();
        for (i, _) in xml.match_indices("<w:rFonts") {
            let element = &xml[i..i + xml[i..].find("/>").unwrap()];
            for slot in ["w:ascii=", "w:hAnsi=", "w:eastAsia=", "w:cs="] {
                assert!(element.contains(slot), "{name}: {element} lacks {slot}");
            }
            assert!(!element.contains("Theme"), "{name}: {element}");
            seen += 1;
        }
        for (i, _) in xml.match_indices("<w:color ") {
            assert!(xml[i..].starts_with("<w:color w:val=\"000000\"/>"), "{name}: only black");
        }
        assert!(!xml.contains("<w:highlight") && !xml.contains("<w:shd"), "{name}");
    }
    assert!(seen >= 8, "fonts are declared ({seen})");
}

#[test]
fn quotes_and_ellipses_take_the_chinese_font() {
    let mut draft = sample_draft();
    draft.info.insert("org".into(), "“先锋”党支部".into());
    draft.intro = "他说“好”，‘是’……——完毕ABC".into();
    let json = independent(&docx_of(&draft));
    let paragraphs = body_paragraphs(&json);
    let check = |p: &Value, font: &str, special: &str| {
        let mut found = 0;
        for run in runs(p) {
            let text = run_text(run);
            if text.chars().all(|c| "“”‘’…—".contains(c)) {
                assert_eq!(fonts(&run["runProperty"]), [font; 4], "{text}");
                found += text.chars().count();
            } else {
                // Everything else inherits the style: Latin in Times New Roman, CJK in `font`.
                assert!(run["runProperty"]["fonts"].is_null(), "{text}");
                assert!(!text.contains(|c| "“”‘’…—".contains(c)), "{text}");
            }
        }
        assert_eq!(found, special.chars().count());
    };
    check(paragraphs[0], "方正小标宋简体", "“”");
    check(paragraphs[1], "仿宋_GB2312", "“”‘’……——");
    // Only those runs set fonts, and each also carries w:hint="eastAsia" (WPS reads the hint).
    let xml = part(&docx_of(&draft), "word/document.xml");
    let fonts_set = xml.matches("<w:rFonts").count();
    assert!(fonts_set > 5);
    assert_eq!(xml.matches("w:hint=\"eastAsia\"/>").count(), fonts_set);
}

#[test]
fn line_pitch_and_bold_options_change_the_xml() {
    for pitch in LinePitch::ALL {
        let mut draft = sample_draft();
        draft.layout.line_pitch = pitch;
        let docx = docx_of(&draft);
        let t = pitch.twips();
        let styles = part(&docx, "word/styles.xml");
        assert!(styles.contains(&format!("<w:spacing w:line=\"{t}\" w:lineRule=\"exact\"/>")), "{pitch:?}");
        assert!(styles.contains(&format!("<w:spacing w:after=\"{t}\" w:line=\"{t}\" w:lineRule=\"exact\"/>")), "title");
        assert!(part(&docx, "word/document.xml").contains(&format!("w:linePitch=\"{t}\"")));
        assert_eq!(independent(&docx)["document"]["sectionProperty"]["docGrid"]["linePitch"], t);
    }

    let mut draft = sample_draft();
    let plain = docx_of(&draft);
    for name in ["word/styles.xml", "word/document.xml"] {
        assert!(!part(&plain, name).contains("<w:b/>"), "{name}: nothing bold by default");
    }
    draft.layout.bold_subheadings = true;
    let json = independent(&docx_of(&draft));
    for (id, bold) in [("ReportTitle", false), ("Heading1", false), ("Heading2", true), ("Heading3", true)] {
        assert_eq!(style(&json, id)["runProperty"]["bold"] == true, bold, "{id}");
    }
    let paragraphs = body_paragraphs(&json);
    let item = paragraphs.iter().find(|p| paragraph_text(p).starts_with("1.政治思想建设情况。")).unwrap();
    let item_runs = runs(item);
    assert_eq!(run_text(item_runs[0]), "1.政治思想建设情况。");
    assert_eq!(item_runs[0]["runProperty"]["bold"], true, "run-in lead is bold");
    assert!(item_runs[1]["runProperty"]["bold"].is_null(), "the body text is not");
    // The lead is the same paragraph as its text, never a separate heading.
    assert!(item["property"]["style"].is_null());
}

#[test]
fn document_properties_name_the_author_only_when_typed() {
    let mut draft = sample_draft();
    let core = part(&docx_of(&draft), "docProps/core.xml");
    assert!(core.contains("<dc:title>202X年度抓基层党建工作述职报告</dc:title>"), "{core}");
    assert!(!core.contains("creator"), "{core}");
    draft.info.insert("name".into(), "  ".into());
    assert!(!part(&docx_of(&draft), "docProps/core.xml").contains("creator"));
    draft.info.insert("name".into(), "张三&<李>".into());
    draft.info.insert("org".into(), "A&B\u{0C}".into());
    let core = part(&docx_of(&draft), "docProps/core.xml");
    assert!(core.contains("<dc:creator>张三&amp;&lt;李&gt;</dc:creator>"), "{core}");
    assert!(core.contains("<dc:title>202X年度A&amp;B抓基层党建工作述职报告</dc:title>"), "{core}");
}

#[test]
fn package_declares_every_part_and_relationship() {
    let docx = docx_of(&sample_draft());
    let parts = parts(&docx);
    let names: Vec<&str> = parts.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "shuzhi/draft.json",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer2.xml",
            "word/settings.xml",
            "word/styles.xml",
        ]
    );
    let types = String::from_utf8(parts["[Content_Types].xml"].clone()).unwrap();
    for name in &names[1..] {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            types.contains(&format!("PartName=\"/{name}\"")) || types.contains(&format!("Extension=\"{ext}\"")),
            "{name} has a content type"
        );
    }
    for (rels, base) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
        let xml = String::from_utf8(parts[rels].clone()).unwrap();
        for (i, _) in xml.match_indices("Target=\"") {
            let target = &xml[i + 8..i + 8 + xml[i + 8..].find('"').unwrap()];
            assert!(parts.contains_key(&format!("{base}{target}")), "{rels} → {target}");
        }
    }
    assert!(part(&docx, "_rels/.rels").contains(&format!("Type=\"{}\"", shuzhi::report::render::docx::DRAFT_REL_TYPE)));
    // Same draft, same bytes: no clock, no randomness.
    assert_eq!(docx, docx_of(&sample_draft()));
}

#[test]
fn sample_exports_and_reimports_to_an_identical_draft() {
    let draft = sample_draft();
    let content = docx_read::read(&docx_of(&draft)).expect("our reader reads our file");
    assert_eq!(content.paragraphs, text_lines(&draft));
    let json = content.embedded_draft.expect("the draft is embedded");
    assert_eq!(storage::decode(&json).expect("embedded draft decodes"), draft);

    // Every field survives, including ones the text cannot show.
    let mut draft = sample_draft();
    draft.info.insert("name".into(), "张三".into());
    draft.layout.line_pitch = LinePitch::Pt29_6;
    draft.layout.bold_subheadings = true;
    draft.facts.insert("study".into(), 19);
    draft.leftover = "无法归类\u{0C}的一段\t含制表符".into();
    let content = docx_read::read(&docx_of(&draft)).unwrap();
    // A form feed is a line break for the draft (`normalize_text`), in the document and the
    // embedded draft alike.
    let mut normalized = draft.clone();
    normalized.normalize_text();
    assert_eq!(normalized.leftover, "无法归类\n的一段\t含制表符");
    assert_eq!(storage::decode(&content.embedded_draft.unwrap()).unwrap(), normalized);
    assert!(content.paragraphs.contains(&"的一段\t含制表符".to_string()));
}

#[test]
fn reads_a_docx_written_by_libreoffice() {
    // tests/fixtures/import/libreoffice.docx is libreoffice.txt converted by
    // `libreoffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to docx`.
    let docx = std::fs::read(fixture_path("import/libreoffice.docx")).unwrap();
    let content = docx_read::read(&docx).unwrap();
    let want: Vec<String> = fixture("import/libreoffice.txt").lines().map(str::to_string).collect();
    assert_eq!(content.paragraphs, want);
    assert!(content.paragraphs.iter().any(|p| p == "制表符\t之后的文字"));
    assert!(content.paragraphs.iter().any(|p| p.contains("& < > \" '")));
    assert_eq!(content.embedded_draft, None);
}

#[test]
fn reads_our_sample_after_libreoffice_resaved_it() {
    // Our sample opened and saved again by LibreOffice: it opens, keeps every paragraph, and
    // drops our custom part — so an edited file never restores a stale draft.
    let docx = std::fs::read(fixture_path("import/sample-resaved-by-libreoffice.docx")).unwrap();
    let content = docx_read::read(&docx).unwrap();
    assert_eq!(content.paragraphs, text_lines(&sample_draft()));
    assert_eq!(content.embedded_draft, None);
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn reader_refuses_what_is_not_a_docx() {
    assert!(matches!(docx_read::read(b""), Err(DocxReadError::NotZip(_))));
    assert!(matches!(docx_read::read(b"PK\x03\x04 not really"), Err(DocxReadError::NotZip(_))));
    assert!(matches!(docx_read::read("述职报告".as_bytes()), Err(DocxReadError::NotZip(_))));
    assert_eq!(docx_read::read(&zip_of(&[("a.txt", b"hi")])), Err(DocxReadError::NotWord));
    assert!(matches!(
        docx_read::read(&zip_of(&[("word/document.xml", b"<w:document>")])),
        Err(DocxReadError::BadXml(_))
    ));
    assert!(matches!(
        docx_read::read(&zip_of(&[("word/document.xml", b"\xff\xfe\x00")])),
        Err(DocxReadError::BadXml(_))
    ));
    let sample = docx_of(&sample_draft());
    assert!(docx_read::read(&sample[..sample.len() / 2]).is_err());
    // A zip bomb: 30 MB of spaces deflate to a few KB; the reader stops at 20 MB.
    let bomb = vec![b' '; 30 << 20];
    let bomb = zip_of(&[("word/document.xml", &bomb)]);
    assert!(bomb.len() < 200_000);
    let error = docx_read::read(&bomb).unwrap_err();
    assert!(error.to_string().contains("20 MB"), "{error}");
    // A damaged embedded draft does not block reading the text.
    let xml = part(&sample, "word/document.xml");
    let content =
        docx_read::read(&zip_of(&[("word/document.xml", xml.as_bytes()), ("shuzhi/draft.json", b"\xff")])).unwrap();
    assert_eq!(content.paragraphs, text_lines(&sample_draft()));
    assert_eq!(content.embedded_draft, None);
}

/// The sample with a name line under the title and a date line at the end (issue 17.1).
fn signed_sample() -> Draft {
    let mut draft = sample_draft();
    draft.info.insert("org".into(), "机关第一党支部".into());
    draft.info.insert("position".into(), "党支部书记".into());
    draft.info.insert("name".into(), "张三".into());
    draft.byline = true;
    draft.date = "2026年1月10日".into();
    draft.closing = "特此报告，请予评议。".into();
    draft
}

#[test]
fn the_name_line_and_date_line_have_their_official_styles() {
    let draft = signed_sample();
    let json = independent(&docx_of(&draft));
    let paragraphs = body_paragraphs(&json);
    let texts: Vec<String> = paragraphs.iter().map(|p| paragraph_text(p)).collect();
    assert_eq!(texts, text_lines(&draft));
    let styled = |id: &str| paragraphs.iter().position(|p| p["property"]["style"] == id).unwrap_or_else(|| panic!("no {id}"));
    assert_eq!((styled("ReportTitle"), styled("Byline"), styled("DateLine")), (0, 1, texts.len() - 1));
    assert_eq!(texts[1], "机关第一党支部书记\u{3000}张三");
    // The name line takes the title's blank line: none between them, one below the name.
    assert_eq!(paragraphs[0]["property"]["lineSpacing"]["after"], 0);
    let byline = style(&json, "Byline");
    assert_eq!(byline["name"], "署名");
    assert_eq!(fonts(&byline["runProperty"]), [TNR, TNR, "楷体_GB2312", TNR]);
    assert_eq!(byline["paragraphProperty"]["alignment"], "center");
    assert_eq!(byline["paragraphProperty"]["lineSpacing"]["after"], 579);
    let date = style(&json, "DateLine");
    assert_eq!(date["name"], "落款日期");
    assert_eq!(date["paragraphProperty"]["alignment"], "right");
    // 右空四字: four 三号 characters (4 × 320 twips) in from the right margin.
    assert_eq!(date["paragraphProperty"]["indent"]["end"], 1280);
    assert_eq!(date["paragraphProperty"]["lineSpacing"]["before"], 579);
    // Without them, nothing of this is in the document.
    let plain = part(&docx_of(&sample_draft()), "word/document.xml");
    assert!(!plain.contains("Byline") && !plain.contains("DateLine"));
}

/// Writes target/preview/sample.docx (and signed.docx, with a name and a date line) for
/// `make preview-docx` (scripts/preview-docx.sh).
#[test]
#[ignore]
fn write_sample_docx() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/preview");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sample.docx"), docx_of(&sample_draft())).unwrap();
    std::fs::write(dir.join("signed.docx"), docx_of(&signed_sample())).unwrap();
}

// ---- properties ----

/// What XML 1.0 allows and Word accepts; the writer drops the rest.
fn kept(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A strict, independent well-formedness check: XML characters only, balanced tags, quoted and
/// unique attributes, only predefined entities or character references, one root.
fn well_formed(xml: &str) -> Result<(), String> {
    if let Some(c) = xml.chars().find(|&c| !xml_char(c)) {
        return Err(format!("character U+{:04X}", c as u32));
    }
    let entities = |text: &str| -> Result<(), String> {
        for (i, _) in text.match_indices('&') {
            let rest = &text[i + 1..];
            let name = &rest[..rest.find(';').ok_or("bare &")?];
            let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                || name
                    .strip_prefix("#x")
                    .map(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').map(|d| d.parse().ok()))
                    .flatten()
                    .and_then(char::from_u32)
                    .is_some_and(xml_char);
            if !ok {
                return Err(format!("entity &{name};"));
            }
        }
        Ok(())
    };
    let mut rest = xml.strip_prefix("<?xml").map(|r| &r[r.find("?>").unwrap() + 2..]).unwrap_or(xml);
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err("text outside the root".into());
        }
        if text.contains("]]>") {
            return Err("]]> in text".into());
        }
        entities(text)?;
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop() != Some(name) {
                return Err(format!("</{name}> does not match"));
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || "_:-.".contains(c)) {
            return Err(format!("element name {name:?}"));
        }
        let mut attrs = tag[name_end..].trim();
        let mut keys = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs.find("=\"").ok_or(format!("attribute syntax in <{name}>"))?;
            let key = &attrs[..eq];
            let value_end = attrs[eq + 2..].find('"').ok_or("unterminated value")?;
            let value = &attrs[eq + 2..eq + 2 + value_end];
            if key.is_empty() || key.contains(char::is_whitespace) || keys.contains(&key) || value.contains('<') {
                return Err(format!("attribute {key:?} in <{name}>"));
            }
            entities(value)?;
            keys.push(key);
            let after = &attrs[eq + 2 + value_end + 1..];
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return Err("no space between attributes".into());
            }
            attrs = after.trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !empty {
            stack.push(name);
        }
    }
    match (stack.is_empty(), roots) {
        (true, 1) => Ok(()),
        _ => Err(format!("{} unclosed, {roots} roots", stack.len())),
    }
}

#[test]
fn the_well_formedness_check_catches_what_it_should() {
    assert!(well_formed("<?xml version=\"1.0\"?>\n<a x=\"1\" y=\"&amp;\"><b/>t&#x4E2D;</a>").is_ok());
    for bad in [
        "<a>",
        "<a></b>",
        "<a>\u{0C}</a>",
        "<a>&nbsp;</a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a/><b/>",
        "<a>]]></a>",
        "<a><</a>",
    ] {
        assert!(well_formed(bad).is_err(), "{bad}");
    }
}

fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(vec![
            "<script>alert(1)</script>", "]]>", "<![CDATA[", "\u{FFFE}", "\u{FFFF}", "\u{0C}", "\u{0}", "\u{1B}",
            "\u{85}", "\u{7F}", "\t", "\r", "\n", "\r\n", "&amp;", "&#0;", "&", "<", ">", "\"", "'", "“", "”", "‘",
            "’", "……", "——", "\u{FFFD}", "\u{1F600}", "\u{2028}", " ", "　", "中文", "Latin 123", "<w:t>",
        ])
        .prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

fn nasty_draft() -> impl Strategy<Value = Draft> {
    (proptest::collection::vec(nasty_text(), 9), 0..3usize, any::<bool>()).prop_map(|(t, pitch, bold)| {
        let mut draft = draft_from_texts(&t);
        draft.layout.line_pitch = LinePitch::ALL[pitch];
        draft.layout.bold_subheadings = bold;
        draft
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_text_yields_a_well_formed_package_that_reads_back(draft in nasty_draft()) {
        let docx = docx_of(&draft);
        prop_assert!(!docx.is_empty());
        for (name, bytes) in parts(&docx) {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                let xml = String::from_utf8(bytes).unwrap();
                if let Err(why) = well_formed(&xml) {
                    prop_assert!(false, "{name}: {why}\n{xml}");
                }
            }
        }
        prop_assert!(docx_rs::read_docx(&docx).is_ok());
        let content = docx_read::read(&docx).unwrap();
        // What is exported is the draft as `apply` and decoding keep it: normalised.
        let mut normalized = draft.clone();
        normalized.normalize_text();
        let want: Vec<String> = outline(&normalized, &default_template()).blocks.iter().map(|b| b.plain()).collect();
        prop_assert!(want.iter().flat_map(|p| p.chars()).all(kept), "{want:?}");
        prop_assert_eq!(content.paragraphs, want);
        let back = storage::decode(&content.embedded_draft.unwrap()).unwrap();
        prop_assert_eq!(back, normalized);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reader_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = docx_read::read(&bytes);
    }

    #[test]
    fn reader_never_panics_on_a_damaged_docx(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut docx = docx_of(&sample_draft());
        for (at, byte) in edits {
            let i = at.index(docx.len());
            docx[i] = byte;
        }
        let _ = docx_read::read(&docx);
        let _ = docx_read::read(&docx[..cut.index(docx.len())]);
    }

    #[test]
    fn reader_never_panics_on_any_document_xml(xml in proptest::collection::vec(prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tab/>", "<w:br/>", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
            "</w:document>", "&amp;", "&#x", "&#1114112;", ";", "<", ">", "\"", "=", "<![CDATA[", "]]>", "<!--", "-->", "<?", "?>", "<!DOCTYPE", "/>", " a='", "xmlns=\"",
        ]).prop_map(String::from),
    ], 0..64)) {
        let xml = xml.concat();
        let _ = docx_read::read(&zip_of(&[("word/document.xml", xml.as_bytes())]));
    }
}
