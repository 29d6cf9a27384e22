//! Honest decoding of text files (issue 18, finding 5): UTF-8 with a few bad bytes or cut off in
//! the middle of a character stays UTF-8, with the count and the lines of the bad bytes; GBK is
//! used only when it decodes cleanly; Big5, Shift-JIS and damaged GBK are refused with what to
//! do, never turned into mojibake; an odd last byte of UTF-16 is reported. And the decoder the
//! caller supplies is only ever asked for `gb18030`, fatally (the browser's contract).

mod common;

use std::cell::RefCell;

use common::*;
use proptest::prelude::*;
use shuzhi::report::diagnostic::{Diagnostic, Severity};
use shuzhi::report::import::{decode_native, import_file, import_text, ImportError, Imported};
use shuzhi::report::{render, Draft, Format};

fn open(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    import_file(name, bytes, &default_template(), &decode_native)
}

fn txt(draft: &Draft) -> String {
    String::from_utf8(render(draft, &default_template(), Format::Txt).expect("renders")).expect("utf-8")
}

fn refusal(name: &str, bytes: &[u8]) -> String {
    match open(name, bytes) {
        Ok(imported) => panic!("{name} was imported: {}", txt(&imported.draft)),
        Err(e) => e.to_string(),
    }
}

fn warnings(imported: &Imported) -> Vec<&Diagnostic> {
    imported.diagnostics.iter().filter(|d| d.severity == Severity::Warning && d.code == "import-bad-bytes").collect()
}

fn read_as_gbk(imported: &Imported) -> bool {
    imported.diagnostics.iter().any(|d| d.message.contains("GB18030"))
}

/// The sample report with `bad` inserted after the third character of each listed line (1-based).
fn sample_with(bad: &[u8], lines: &[usize]) -> Vec<u8> {
    with_bad(&fixture("sample.txt"), bad, lines)
}

fn with_bad(text: &str, bad: &[u8], lines: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if lines.contains(&(i + 1)) {
            let cut = line.char_indices().nth(3).map_or(line.len(), |(at, _)| at);
            out.extend_from_slice(&line.as_bytes()[..cut]);
            out.extend_from_slice(bad);
            out.extend_from_slice(&line.as_bytes()[cut..]);
        } else {
            out.extend_from_slice(line.as_bytes());
        }
    }
    out
}

/// Han characters of a text that are not in the sample: what mojibake would add.
fn foreign_han(text: &str) -> usize {
    let sample = fixture("sample.txt");
    text.chars().filter(|&c| ('\u{4E00}'..='\u{9FFF}').contains(&c) && !sample.contains(c)).count()
}

#[test]
fn utf8_with_one_stray_byte_stays_utf8() {
    let want = import_text(&fixture("sample.txt"), &default_template()).draft;
    for bad in [&b"\xFF"[..], b"\xB8", b"\xC3", b"\xE5\xAD"] {
        let bytes = sample_with(bad, &[9]);
        let imported = open("去年的报告.txt", &bytes).unwrap_or_else(|e| panic!("{bad:?}: {e}"));
        assert!(!read_as_gbk(&imported), "{bad:?}: read as GBK");
        let text = txt(&imported.draft);
        assert_eq!(foreign_han(&text), 0, "{bad:?}: mojibake in {text}");
        assert_eq!(text.matches('\u{FFFD}').count(), 1, "{bad:?}");
        assert_eq!(text.replace('\u{FFFD}', ""), txt(&want), "{bad:?}: everything else is the sample");
        let notes = warnings(&imported);
        assert_eq!(notes.len(), 1, "{bad:?}: {:?}", imported.diagnostics);
        assert!(notes[0].message.contains("1 处") && notes[0].message.contains("第 9 行"), "{}", notes[0].message);
    }
}

#[test]
fn utf8_with_24_stray_bytes_names_their_lines() {
    // The sample twice (38 lines), a stray byte on 24 of its non-blank lines.
    let text = fixture("sample.txt").repeat(2);
    let lines: Vec<usize> = (2..=38).filter(|&n| text.lines().nth(n - 1).is_some_and(|l| l.chars().count() > 3)).take(24).collect();
    assert_eq!(lines.len(), 24);
    let imported = open("去年的报告.txt", &with_bad(&text, b"\x80", &lines)).expect("imports");
    assert!(!read_as_gbk(&imported));
    let message = &warnings(&imported)[0].message;
    assert!(message.contains("24 处") && message.contains("第 2、3、4") && message.contains(" 等"), "{message}");
}

#[test]
fn utf8_cut_in_the_middle_of_a_character_stays_utf8() {
    let text = fixture("sample.txt").trim_end().to_string();
    let last = text.chars().last().expect("text").len_utf8();
    for cut in 1..last {
        let bytes = &text.as_bytes()[..text.len() - cut];
        let imported = open("截断.txt", bytes).expect("imports");
        assert!(!read_as_gbk(&imported), "cut {cut}");
        assert!(warnings(&imported)[0].message.contains("不完整"), "{:?}", imported.diagnostics);
        assert_eq!(foreign_han(&txt(&imported.draft)), 0);
    }
    // Even a tiny file: two characters and the first bytes of a third.
    let imported = open("短.txt", "党建".bytes().chain([0xE5, 0xAD]).collect::<Vec<u8>>().as_slice()).expect("imports");
    assert!(txt(&imported.draft).contains("党建\u{FFFD}"), "{}", txt(&imported.draft));
}

#[test]
fn big5_and_shift_jis_are_refused_not_shown_as_gbk_mojibake() {
    let traditional = "一、主要工作情況\n1.政治思想建設情況。全年組織集體學習十九次，講黨課兩次。\n二、存在問題及原因\n1.學習不夠深入。\n";
    let japanese = "一、主な業務の状況\n1.政治思想の建設について。年間を通じて学習会を十九回開催しました。\n";
    for (name, bytes) in [
        ("big5.txt", encoding_rs::BIG5.encode(traditional).0.into_owned()),
        ("sjis.txt", encoding_rs::SHIFT_JIS.encode(japanese).0.into_owned()),
    ] {
        let why = refusal(name, &bytes);
        assert!(why.contains("UTF-8") && why.contains("Big5"), "{name}: {why}");
    }
}

#[test]
fn gbk_is_read_only_when_it_decodes_cleanly() {
    let text = fixture("sample.txt");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let imported = open("gbk.txt", &gb).expect("clean GBK");
    assert!(read_as_gbk(&imported));
    assert!(warnings(&imported).is_empty());
    // A GBK file with one broken byte on line 5: refused with the line, not read with a “�”.
    let mut broken = Vec::new();
    for (i, line) in gb.split_inclusive(|&b| b == b'\n').enumerate() {
        broken.extend_from_slice(line);
        if i == 3 {
            broken.extend_from_slice(b"\xFF");
        }
    }
    let why = refusal("gbk.txt", &broken);
    assert!(why.contains("GBK") && why.contains("第 5 行"), "{why}");
    // English with a few Chinese words in GBK is still GBK.
    let mostly_ascii = encoding_rs::GB18030.encode("Annual report 2024: 党建 work summary, 19 study sessions.\n").0.into_owned();
    let imported = open("mixed.txt", &mostly_ascii).expect("imports");
    assert!(read_as_gbk(&imported) && txt(&imported.draft).contains("党建"));
}

#[test]
fn an_odd_last_byte_of_utf16_is_reported() {
    let text = fixture("sample.txt");
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (what, bytes) in [
        ("le with BOM", [&b"\xFF\xFE"[..], &le, b"\x41"].concat()),
        ("be with BOM", [&b"\xFE\xFF"[..], &be, b"\x00"].concat()),
        ("le without BOM", [&le[..], b"\x0A"].concat()),
    ] {
        let imported = open("utf16.txt", &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        let notes = warnings(&imported);
        assert!(notes.iter().any(|d| d.message.contains("末尾多出 1 个字节")), "{what}: {:?}", imported.diagnostics);
        assert_eq!(txt(&imported.draft), txt(&import_text(&text, &default_template()).draft), "{what}");
    }
    // An unpaired surrogate is counted and located like a bad UTF-8 byte.
    let mut units: Vec<u16> = "一、主要工作情况\n1.学习。全年学习".encode_utf16().collect();
    units.insert(12, 0xD800);
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(units.iter().flat_map(|u| u.to_le_bytes())).collect();
    let imported = open("utf16.txt", &bytes).expect("imports");
    assert!(warnings(&imported).iter().any(|d| d.message.contains("1 处") && d.message.contains("第 2 行")), "{:?}", imported.diagnostics);
}

#[test]
fn the_callers_decoder_is_asked_only_for_gb18030_and_only_to_decode_cleanly() {
    let asked = RefCell::new(Vec::new());
    let fatal = |bytes: &[u8], label: &str| {
        asked.borrow_mut().push(label.to_string());
        decode_native(bytes, label)
    };
    let text = fixture("sample.txt");
    let inputs: Vec<Vec<u8>> = vec![
        text.clone().into_bytes(),
        sample_with(b"\xFF", &[2]),
        encoding_rs::GB18030.encode(&text).0.into_owned(),
        encoding_rs::BIG5.encode("主要工作情況").0.into_owned(),
        text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    ];
    for bytes in &inputs {
        let _ = import_file("a.txt", bytes, &default_template(), &fatal);
    }
    assert!(!asked.borrow().is_empty());
    assert!(asked.borrow().iter().all(|label| label == "gb18030"), "{:?}", asked.borrow());
    // `decode_native` keeps that contract: fatal, `None` for malformed bytes or unknown labels.
    assert_eq!(decode_native(b"\xD6\xD0\xFF", "gb18030"), None);
    assert_eq!(decode_native(b"\xD6\xD0", "gb18030").as_deref(), Some("中"));
    assert_eq!(decode_native(b"", "no-such-label"), None);
    // A decoder that cannot do GB18030 at all (an old browser) gets its own message.
    let (gb, _, _) = encoding_rs::GB18030.encode("一、主要工作情况\n1.学习。");
    let why = import_file("gbk.txt", &gb, &default_template(), &|_, _| None).unwrap_err().to_string();
    assert!(why.contains("无法解码") && why.contains("UTF-8"), "{why}");
}

/// A line of the sample (its texts, not random characters: the point is real report text).
fn sample_lines() -> impl Strategy<Value = String> {
    let lines: Vec<String> = fixture("sample.txt").lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    prop::collection::vec(prop::sample::select(lines), 3..30).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Report text in UTF-8 with up to three stray bytes anywhere (also inside a character) is
    /// read as UTF-8, never as GBK. (A stray byte inside a character may complete it as another
    /// one: at most one foreign character per stray byte.)
    #[test]
    fn report_text_with_a_few_stray_bytes_stays_utf8(
        text in sample_lines(),
        strays in prop::collection::vec((any::<prop::sample::Index>(), 0x80u8..=0xFF), 1..=3),
    ) {
        let mut bytes = text.clone().into_bytes();
        for (at, byte) in &strays {
            let at = at.index(bytes.len() + 1);
            bytes.insert(at, *byte);
        }
        let imported = open("a.txt", &bytes);
        let imported = match imported {
            Ok(imported) => imported,
            Err(e) => return Err(TestCaseError::fail(format!("refused: {e}"))),
        };
        prop_assert!(!read_as_gbk(&imported), "{:?}", imported.diagnostics);
        prop_assert!(foreign_han(&txt(&imported.draft)) <= strays.len());
    }
}
