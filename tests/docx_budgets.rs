//! Hostile .docx files (issue 18.4 and 18.6): small packages that expand into enormous work — a
//! numbering level text of a million placeholders, 80 000 lists, 80 000 list definitions, 40 000
//! list ids in use, a million paragraphs — and a document whose markup is not WordprocessingML.
//! Each is built here, imported, and must end fast with a draft or a clear Chinese refusal.
//!
//! The time limits are generous (a loaded debug build reads each in well under a second); on the
//! importer before these budgets, each took from seconds to minutes and gigabytes.

mod common;

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use common::*;
use shuzhi::report::import::{decode_native, import_file, ImportError, Imported};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// A wall-clock guard against unbounded work, not a speed target (those live in `make bench`):
/// the whole file runs in about 4 s on a quiet machine, and 23.5 s was seen at load 13 on two
/// cores.
const LIMIT: Duration = Duration::from_secs(60);

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(*name, options).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn document(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#)
}

fn numbering(inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">{inner}</w:numbering>"#)
}

/// A paragraph in list `num_id`.
fn item(num_id: usize, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn report_head() -> String {
    let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    p("2025年度机关党支部抓基层党建工作述职报告") + &p("一、主要工作情况")
}

/// Imports the package, failing the test if that takes longer than `LIMIT`.
fn import(files: &[(&str, &str)], what: &str) -> Result<Imported, ImportError> {
    let bytes = zip_of(files);
    assert!(bytes.len() < 5 * 1024 * 1024, "{what}: the package itself is small ({} bytes)", bytes.len());
    let start = Instant::now();
    let result = import_file("hostile.docx", &bytes, &default_template(), &decode_native);
    let took = start.elapsed();
    assert!(took < LIMIT, "{what}: {took:?}");
    result
}

#[test]
fn a_level_text_of_a_million_placeholders_gives_no_label_and_no_explosion() {
    let level = "%1".repeat(1_000_000);
    let numbering = numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{level}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#
    ));
    let body: String = report_head() + &(0..200).map(|i| item(1, &format!("第{i}项工作。"))).collect::<String>();
    let imported = import(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &numbering)], "placeholders").expect("imports");
    let work = &imported.draft.sections[0].items;
    assert!(!work.is_empty());
    let text: String = work.iter().map(|i| format!("{}{}", i.title, i.body)).collect();
    assert!(text.chars().count() < 10_000, "no label multiplied into the text: {} characters", text.chars().count());
}

#[test]
fn eighty_thousand_lists_are_looked_up_not_searched() {
    let nums: String = (1..=80_000).map(|i| format!(r#"<w:num w:numId="{i}"><w:abstractNumId w:val="1"/></w:num>"#)).collect();
    let numbering = numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>{nums}"#
    ));
    let body: String = report_head() + &(0..100).map(|i| item(80_000 - i, &format!("工作{i}。全年学习。"))).collect::<String>();
    let imported = import(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &numbering)], "80 000 w:num").expect("imports");
    // Lists sharing one definition count on together, as in Word: 1. to 99. are items.
    assert_eq!(imported.draft.sections[0].items.len(), 99);
}

#[test]
fn eighty_thousand_list_definitions_are_looked_up_not_searched() {
    let inner: String = (1..=80_000)
        .map(|i| {
            format!(
                r#"<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#
            )
        })
        .chain((1..=80_000).map(|i| format!(r#"<w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>"#)))
        .collect();
    let body: String = report_head() + &(0..100).map(|i| item(40_000 + i, &format!("工作{i}。全年学习。"))).collect::<String>();
    let imported =
        import(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &numbering(&inner))], "80 000 w:abstractNum").expect("imports");
    assert!(!imported.draft.sections[0].items.is_empty());
}

#[test]
fn forty_thousand_list_ids_in_use_are_counted_in_a_map() {
    // Each list restarts (its own counter): 40 000 counters.
    let nums: String = (1..=40_000)
        .map(|i| format!(r#"<w:num w:numId="{i}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#))
        .collect();
    let numbering = numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>{nums}"#
    ));
    let body: String = report_head() + &(1..=40_000).map(|i| item(i, "学习。")).collect::<String>();
    let imported = import(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &numbering)], "40 000 list ids").expect("imports");
    // Each list starts at 1: every paragraph read is an item of its own; past the lines read
    // one by one, the rest is kept whole in 未归类内容, each line still numbered 1.
    let items = imported.draft.sections[0].items.len();
    let rest: Vec<&str> = imported.draft.leftover.lines().collect();
    assert!(items > 10_000, "{items} items");
    assert_eq!(items + rest.len(), 40_000, "every paragraph is an item or in 未归类内容");
    assert!(rest.iter().all(|l| l.starts_with("1.")), "every list starts at 1: {:?}", &rest[..3.min(rest.len())]);
}

#[test]
fn a_million_paragraphs_are_refused_with_a_reason() {
    let body = report_head() + &"<w:p/>".repeat(1_000_000);
    let refused = import(&[("word/document.xml", &document(&body))], "1 000 000 paragraphs").expect_err("refused");
    assert!(matches!(refused, ImportError::Unsupported(_)), "{refused:?}");
    assert!(refused.to_string().contains("段落超过"), "{refused}");
}

#[test]
fn text_expanding_past_the_text_file_cap_is_refused() {
    // 6 MB of text from a package of a few kilobytes.
    let run = format!("<w:r><w:t>{}</w:t></w:r>", "党".repeat(100_000));
    let body = report_head() + &format!("<w:p>{}</w:p>", run.repeat(20));
    let refused = import(&[("word/document.xml", &document(&body))], "6 MB of text").expect_err("refused");
    assert!(refused.to_string().contains("文字超过 5 MB"), "{refused}");
    assert_eq!(shuzhi::report::docx_read::MAX_TEXT, shuzhi::report::import::MAX_FILE_BYTES, "a .docx expands to what a text file may hold");
}

#[test]
fn a_document_in_another_namespace_is_refused_not_imported_empty() {
    // Issue 18.6: `w:` bound to a wrong namespace read as 0 characters, exit 0 and an empty draft.
    let body = report_head() + &item(1, "全年组织集体学习12次。");
    let wrong = document(&body).replace(W, "http://example.com/not-wordprocessingml");
    let refused = import(&[("word/document.xml", &wrong)], "wrong namespace").expect_err("refused");
    assert!(matches!(refused, ImportError::Unsupported(_)), "{refused:?}");
    assert!(refused.to_string().contains("没有读得出的文字"), "{refused}");
    // An empty document says the same.
    let refused = import(&[("word/document.xml", &document("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"))], "empty").expect_err("refused");
    assert!(refused.to_string().contains("没有读得出的文字"), "{refused}");
}
