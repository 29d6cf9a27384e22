//! Control characters (issue 18, finding 7): normalised when an edit is applied, a draft is
//! decoded or text is imported (`chars::normalize_text`), so the preview, every export and our
//! own .docx read back agree; .txt/.md never carry raw control characters; `shuzhi check`,
//! `template validate` and `import` never print them (nor bidirectional controls) to a terminal.

mod common;

use std::process::Command;

use common::*;
use serde_json::json;
use shuzhi::report::edit::{apply, Edit, TextRef};
use shuzhi::report::import::{decode_native, import_file, import_text};
use shuzhi::report::{render, storage, Draft, Format};

/// Every character the attack review found, and their kin: what `normalize_text` makes a line
/// break, and what it removes.
const BREAKS: &[char] = &['\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'];
const REMOVED: &[char] = &[
    '\0', '\u{07}', '\u{1B}', '\u{7F}', '\u{01}', '\u{08}', '\u{1F}', '\u{80}', '\u{9B}', '\u{FFFE}', '\u{FFFF}',
    '\u{FDD0}', '\u{1FFFE}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
    '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
];

/// A character nothing printed may hold: control characters other than line feed and tab, and
/// bidirectional controls.
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || REMOVED.contains(&c) || BREAKS.contains(&c) && c != '\n'
}

/// Every text of the sample draft with `c` inside and at both ends, set through `apply` as the
/// app sets it.
fn typed_with(c: char) -> Draft {
    let mut draft = sample_draft();
    let item = |section: &str, index: usize, draft: &Draft| draft.section(section).unwrap().items[index].id;
    let mut targets = vec![
        TextRef::Info { key: "org".into() },
        TextRef::Info { key: "name".into() },
        TextRef::Intro,
        TextRef::Closing,
        TextRef::Leftover,
    ];
    for (section, index) in [("work", 0), ("problems", 1), ("plans", 2)] {
        let id = item(section, index, &draft);
        targets.push(TextRef::ItemTitle { section: section.into(), item: id });
        targets.push(TextRef::ItemBody { section: section.into(), item: id });
        targets.push(TextRef::ItemCause { section: section.into(), item: id });
    }
    for target in targets {
        let old = shuzhi::report::edit::text(&draft, &target).unwrap_or("").to_string();
        let value = format!("{c}{old}前{c}后{c}{c}尾{c}");
        apply(&mut draft, Edit::SetText { target, value });
    }
    apply(&mut draft, Edit::AddItem { section: "work".into(), after: None, title: format!("新{c}条目") });
    draft
}

fn texts(draft: &Draft) -> Vec<&str> {
    let mut out: Vec<&str> = draft.info.values().map(String::as_str).collect();
    out.extend([draft.intro.as_str(), draft.closing.as_str(), draft.leftover.as_str()]);
    for item in draft.sections.iter().flat_map(|s| &s.items) {
        out.extend([item.title.as_str(), item.body.as_str(), item.cause.as_str()]);
    }
    out
}

#[test]
fn applied_text_holds_no_control_characters() {
    for &c in BREAKS.iter().chain(REMOVED) {
        let draft = typed_with(c);
        for text in texts(&draft) {
            assert!(!text.chars().any(unprintable), "{c:?} in {text:?}");
        }
        let intro = &draft.intro;
        if BREAKS.contains(&c) {
            assert!(intro.contains("前\n后\n\n尾"), "{c:?} is a line break: {intro:?}");
        } else {
            assert!(intro.contains("前后尾"), "{c:?} is removed: {intro:?}");
        }
    }
    // CR LF is one line break, not two.
    let mut draft = sample_draft();
    apply(&mut draft, Edit::SetText { target: TextRef::Intro, value: "甲\r\n乙\r\r丙".into() });
    assert_eq!(draft.intro, "甲\n乙\n\n丙");
}

#[test]
fn each_control_character_round_trips_through_our_docx() {
    let template = default_template();
    for &c in BREAKS.iter().chain(REMOVED).chain(['\t', '\u{FEFF}', '\u{200B}'].iter()) {
        let draft = typed_with(c);
        let docx = render(&draft, &template, Format::Docx).expect("renders");
        let imported = import_file("报告.docx", &docx, &template, &decode_native).unwrap_or_else(|e| panic!("{c:?}: {e}"));
        let notes: Vec<&str> = imported.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(!notes.iter().any(|m| m.contains("导出后被修改过")), "{c:?}: {notes:?}");
        assert!(notes.iter().any(|m| m.contains("完全一致")), "{c:?}: {notes:?}");
        assert_eq!(imported.draft, draft, "{c:?}");
        // The draft file says the same.
        let back = storage::decode(&storage::encode(&draft)).expect("decodes");
        assert_eq!(back, draft, "{c:?}");
    }
}

#[test]
fn txt_and_md_exports_never_carry_raw_control_characters() {
    let template = default_template();
    // Built in code, around `apply`: the exports still print clean text.
    let mut draft = sample_draft();
    let all: String = BREAKS.iter().chain(REMOVED).collect();
    draft.intro = format!("导语{all}结束");
    draft.info.insert("org".into(), format!("第一{all}支部"));
    draft.leftover = format!("未归类{all}");
    draft.sections[0].items[0].title = format!("标题{all}");
    for format in [Format::Txt, Format::Md, Format::Html] {
        let text = String::from_utf8(render(&draft, &template, format).expect("renders")).expect("utf-8");
        let bad: Vec<char> = text.chars().filter(|&c| unprintable(c)).collect();
        assert!(bad.is_empty(), "{format:?}: {bad:?}");
        assert!(text.contains("导语"), "{format:?}");
    }
    // The file name has no override either (`报告\u{202E}xcod.exe` would show as `报告exe.docx`).
    let name = shuzhi::report::file_name(&draft, &template, Format::Docx);
    assert!(!name.chars().any(unprintable), "{name:?}");
}

#[test]
fn decoded_and_imported_drafts_are_normalised_too() {
    let json = json!({
        "kind": "shuzhi-draft", "version": 1,
        "draft": { "template_id": "dangjian-shuzhi", "template_version": 1, "intro": "导\u{0}语\u{1B}[31m\r\n第二段\u{202E}", "info": { "org": "支部\u{7}" } }
    });
    let draft = storage::decode(&json.to_string()).expect("decodes");
    assert_eq!(draft.intro, "导语[31m\n第二段");
    assert_eq!(draft.info("org"), "支部");
    let imported = import_text("一、主要工作情况\n1.学习\u{202E}贯彻。全年\u{2066}学习\u{2069}。", &default_template());
    for text in texts(&imported.draft) {
        assert!(!text.chars().any(unprintable), "{text:?}");
    }
}

// ---- the CLI prints nothing a terminal would act on ----

struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("shuzhi-cc-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// Exit code and everything printed (stdout, then stderr).
    fn run(&self, args: &[&str]) -> (i32, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_shuzhi")).args(args).current_dir(&self.0).output().expect("runs");
        let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(!printed.contains("panicked"), "{args:?}: {printed}");
        (output.status.code().unwrap_or(-1), printed)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn assert_terminal_safe(what: &str, printed: &str) {
    let bad: Vec<char> = printed.chars().filter(|&c| unprintable(c)).collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}: {printed:?}");
}

#[test]
fn shuzhi_check_prints_no_escape_sequences() {
    let scratch = Scratch::new("check");
    // A sentence in two places, and a placeholder: the check quotes both.
    let sentence = "全年组织\u{1B}[2J\u{1B}]0;标题\u{7}集体学习XX次\u{202E}，效果明显。";
    let json = json!({
        "kind": "shuzhi-draft", "version": 1,
        "draft": { "template_id": "dangjian-shuzhi", "template_version": 1, "intro": format!("{sentence}\r覆盖"), "closing": sentence }
    });
    let path = scratch.write("draft.json", json.to_string());
    let (code, printed) = scratch.run(&["check", &path]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("XX"), "the placeholder is still reported: {printed}");
    assert!(printed.contains("相同的话"), "the repeated sentence is quoted: {printed}");
    assert_terminal_safe("check", &printed);
}

#[test]
fn shuzhi_template_validate_prints_no_escape_sequences() {
    let scratch = Scratch::new("validate");
    let mut template = serde_json::to_value(default_template()).unwrap();
    template["id"] = json!("esc");
    template["name"] = json!("述职报告\u{1B}[2J\u{1B}[31m");
    let path = scratch.write("esc.json", template.to_string());
    let (code, printed) = scratch.run(&["template", "validate", &path]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("name") && printed.contains("U+001B"), "{printed}");
    assert_terminal_safe("template validate", &printed);
    // An override in the name: refused, and the message shows the code point, not the effect.
    template["name"] = json!("\u{202E}告报职述");
    let path = scratch.write("rlo.json", template.to_string());
    let (code, printed) = scratch.run(&["template", "validate", &path]);
    assert_eq!(code, 1, "{printed}");
    assert!(printed.contains("U+202E"), "{printed}");
    assert_terminal_safe("template validate", &printed);
    // A valid template whose file name holds an escape: the summary line escapes it too.
    template["name"] = json!("团支部书记述职报告");
    let path = scratch.write("ok\u{1B}[2J.json", template.to_string());
    let (code, printed) = scratch.run(&["template", "validate", &path]);
    assert_eq!(code, 0, "{printed}");
    assert_terminal_safe("template validate", &printed);
}

#[test]
fn shuzhi_import_prints_no_escape_sequences() {
    let scratch = Scratch::new("import");
    let body = "全年组织集体学习十九次，讲党课两次，开展主题党日活动八次，学习效果明显。".repeat(4);
    let text = format!("一、主要工作情况\n1.学习\u{1B}[2J。{body}\u{202E}。\n未归类的一行\u{1B}]0;x\u{7}\n");
    let path = scratch.write("report\u{1B}[31m.txt", &text);
    let (code, printed) = scratch.run(&["import", &path, "-o", "-"]);
    assert_eq!(code, 0, "{printed}");
    // The draft JSON on stdout holds no control character to begin with.
    assert_terminal_safe("import", &printed);
    // A refusal names the file, escaped.
    let path = scratch.write("bad\u{1B}[2J.txt", b"\x01\x02\x03\x04abc\x05\x06");
    let (code, printed) = scratch.run(&["import", &path, "-o", "-"]);
    assert_eq!(code, 2, "{printed}");
    assert!(printed.contains("<U+001B>"), "{printed}");
    assert_terminal_safe("import refusal", &printed);
}
