//! The `shuzhi` command-line tool, run as a built binary in a scratch folder: every command, the
//! error paths with their Chinese messages and exit codes (0 done, 1 errors found, 2 could not
//! run), and never a panic.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;
use shuzhi::report::{file_name, storage, Format, Template};

/// A scratch folder under the system temp dir, removed when the test ends.
struct Sandbox {
    dir: PathBuf,
}

/// What a run of the binary produced.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let dir = std::env::temp_dir().join(format!("shuzhi-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        std::fs::write(self.path(name), contents).expect("write scratch file");
        name.to_string()
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The sample draft, as stored by the app.
    fn sample(&self) -> String {
        self.write("draft.json", fixture("sample.draft.json"))
    }

    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_shuzhi"))
            .args(args)
            .current_dir(&self.dir)
            .output()
            .expect("run shuzhi");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(!run.stderr.contains("panicked"), "{args:?} panicked: {}", run.stderr);
        run
    }

    /// Runs a command that must fail with exit code 2 and a message containing `words`.
    fn refuses(&self, args: &[&str], words: &str) {
        let run = self.run(args);
        assert_eq!(run.code, 2, "{args:?}: stdout {} stderr {}", run.out(), run.stderr);
        assert!(run.stderr.contains(words), "{args:?}: expected “{words}” in: {}", run.stderr);
        assert!(run.stderr.starts_with("shuzhi："), "{args:?}: {}", run.stderr);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ---------------------------------------------------------------------------------------------
// Help and arguments

#[test]
fn help_lists_every_command() {
    let sb = Sandbox::new("help");
    for args in [&["--help"][..], &["-h"], &["help"], &["export", "--help"], &["template", "-h"]] {
        let run = sb.run(args);
        assert_eq!(run.code, 0, "{args:?}");
        let text = run.out();
        for word in ["shuzhi export", "shuzhi check", "template list", "template show", "template validate", "shuzhi import", "退出码"] {
            assert!(text.contains(word), "{args:?}: {word}");
        }
    }
    let run = sb.run(&["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.out().starts_with("shuzhi "));
}

#[test]
fn wrong_arguments_are_refused_with_a_message() {
    let sb = Sandbox::new("args");
    let draft = sb.sample();
    sb.refuses(&[], "缺少命令");
    sb.refuses(&["publish"], "不认识的命令“publish”");
    sb.refuses(&["export"], "参数不够");
    sb.refuses(&["export", &draft, "other.json"], "多余的参数“other.json”");
    sb.refuses(&["export", &draft, "--colour", "red"], "不认识的选项“--colour”");
    sb.refuses(&["export", &draft, "-o"], "后面缺少值");
    sb.refuses(&["export", &draft, "-o", "a.txt", "--output=b.txt"], "不止一次");
    sb.refuses(&["export", &draft, "--format", "pdf"], "不支持的格式“pdf”");
    sb.refuses(&["check"], "参数不够");
    sb.refuses(&["template"], "缺少子命令");
    sb.refuses(&["template", "delete"], "不认识的子命令");
    sb.refuses(&["template", "show"], "参数不够");
    sb.refuses(&["import"], "参数不够");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_unicode_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let sb = Sandbox::new("non-utf8-arg");
    let output = Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .arg("check")
        .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe.json"))
        .current_dir(&sb.dir)
        .output()
        .expect("run shuzhi");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("无法识别的字符"));
}

// ---------------------------------------------------------------------------------------------
// export

#[test]
fn export_txt_of_the_sample_is_the_clean_sample_text() {
    let sb = Sandbox::new("export-txt");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "--format", "txt", "-o", "report.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(String::from_utf8(sb.read("report.txt")).unwrap(), sample_text_clean());
    assert!(run.stderr.contains("已导出：report.txt"), "{}", run.stderr);
    // Exporting is allowed with errors left, but the user is told.
    assert!(run.stderr.contains("还有 6 个错误"), "{}", run.stderr);
}

#[test]
fn export_to_stdout() {
    let sb = Sandbox::new("export-stdout");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "-f", "txt", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.out(), sample_text_clean());
}

#[test]
fn export_names_the_file_after_the_title_by_default() {
    let sb = Sandbox::new("export-default-name");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "--format=md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = file_name(&sample_draft(), &default_template(), Format::Md);
    assert_eq!(name, "202X年度抓基层党建工作述职报告.md");
    let md = String::from_utf8(sb.read(&name)).unwrap();
    assert!(md.starts_with("# 202X年度抓基层党建工作述职报告\n"), "{md}");
}

#[test]
fn export_takes_the_format_from_the_output_name() {
    let sb = Sandbox::new("export-ext");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "-o", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = String::from_utf8(sb.read("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("一、主要工作情况"));
}

#[test]
fn export_docx_writes_a_word_package() {
    let sb = Sandbox::new("export-docx");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "--format", "docx", "-o", "report.docx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(sb.read("report.docx").starts_with(b"PK"), "a zip package");
}

#[test]
fn a_draft_of_an_unknown_template_opens_like_in_the_app_with_a_note() {
    // The app and the CLI share `app::open_under_template`: the draft is read with the default
    // template, what has no place goes to 未归类内容, and the user is told.
    let sb = Sandbox::new("export-unknown-template");
    let unknown = sb.write("unknown.json", fixture("sample.draft.json").replace("dangjian-shuzhi", "shuzhi-lianzheng"));
    let run = sb.run(&["export", &unknown, "-f", "txt", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("模板“shuzhi-lianzheng”不是本程序内置的模板"), "{}", run.stderr);
    assert!(run.out().contains("一、主要工作情况"), "{}", run.out());
    assert!(run.out().contains("政治思想建设情况"), "the text is all there: {}", run.out());
}

#[test]
fn export_refuses_bad_drafts_with_a_reason() {
    let sb = Sandbox::new("export-bad");
    let sample = fixture("sample.draft.json");
    sb.refuses(&["export", "missing.json", "-f", "txt"], "找不到文件“missing.json”");
    let damaged = sb.write("damaged.json", &sample[..sample.len() / 2]);
    sb.refuses(&["export", &damaged, "-f", "txt"], "草稿数据已损坏");
    let other = sb.write("other.json", r#"{"name": "不是草稿"}"#);
    sb.refuses(&["export", &other, "-f", "txt"], "不是述职报告向导的草稿");
    let newer = sb.write("newer.json", sample.replacen("\"version\": 1,", "\"version\": 99,", 1));
    sb.refuses(&["export", &newer, "-f", "txt"], "更新版本");
    let binary = sb.write("binary.json", [0xff, 0xfe, 0x00, 0x81, 0x40]);
    sb.refuses(&["export", &binary, "-f", "txt"], "不是 UTF-8");
    std::fs::create_dir_all(sb.path("folder.json")).unwrap();
    sb.refuses(&["export", "folder.json", "-f", "txt"], "是一个文件夹");
}

#[test]
fn export_refuses_unwritable_outputs_and_never_overwrites_the_draft() {
    let sb = Sandbox::new("export-out");
    let draft = sb.sample();
    sb.refuses(&["export", &draft, "-f", "txt", "-o", "no/such/folder/r.txt"], "所在的文件夹不存在");
    std::fs::create_dir_all(sb.path("out")).unwrap();
    sb.refuses(&["export", &draft, "-f", "txt", "-o", "out"], "是一个文件夹");
    sb.refuses(&["export", &draft, "-f", "txt", "-o", "./draft.json"], "就是草稿本身");
    assert_eq!(String::from_utf8(sb.read(&draft)).unwrap(), fixture("sample.draft.json"));
}

#[test]
fn a_draft_with_a_section_the_template_does_not_know_keeps_its_text() {
    let sb = Sandbox::new("export-orphan");
    let mut draft = sample_draft();
    draft.sections.push(shuzhi::report::model::SectionDraft {
        id: "lianzheng".into(),
        items: vec![shuzhi::report::Item { id: shuzhi::report::ItemId(40), body: "廉洁自律情况良好。".into(), ..Default::default() }],
    });
    let path = sb.write("orphan.json", storage::encode(&draft));
    let run = sb.run(&["export", &path, "-f", "txt", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().contains("廉洁自律情况良好。"));
    let run = sb.run(&["check", &path]);
    assert!(run.out().contains("有未归类的内容"), "{}", run.out());
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_of_the_sample_reports_errors_and_exits_1() {
    let sb = Sandbox::new("check-sample");
    let draft = sb.sample();
    let run = sb.run(&["check", &draft]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = run.out();
    assert!(text.starts_with("错误（6）：\n"), "{text}");
    assert!(text.contains("  导语里还有年份占位符“202X”"), "{text}");
    assert!(!text.contains("（可在向导中一键修正"), "no year yet, so no year fix: {text}");
    assert!(text.contains("提醒（2）：\n") && text.contains("说明（1）：\n"), "{text}");
    // A message that does not name its place gets it in brackets.
    assert!(text.contains("  [“主要工作情况”第1条的正文] 主题党日全年 8 次"), "{text}");
    assert!(text.ends_with("共 6 个错误、2 个提醒、1 条说明。\n"), "{text}");
}

#[test]
fn check_of_a_draft_without_errors_exits_0() {
    let sb = Sandbox::new("check-ok");
    let mut draft = sample_draft();
    draft.info.insert("year".into(), "2025".into());
    draft.intro = draft.intro.replace("202X", "2025");
    draft.intro = draft.intro.replace("XX", "二十");
    for section in &mut draft.sections {
        for item in &mut section.items {
            item.body = item.body.replace("202X", "2025").replace("XX", "二十");
        }
    }
    let path = sb.write("ok.json", storage::encode(&draft));
    let run = sb.run(&["check", &path]);
    assert_eq!(run.code, 0, "{}", run.out());
    assert!(!run.out().contains("错误"), "{}", run.out());
    assert!(run.out().starts_with("提醒（"), "warnings are still listed: {}", run.out());
}

#[test]
fn check_refuses_what_it_cannot_read() {
    let sb = Sandbox::new("check-bad");
    sb.refuses(&["check", "missing.json"], "找不到文件");
    let damaged = sb.write("damaged.json", "{\"kind\": \"shuzhi-draft\", \"version\": 1, \"draft\": [");
    sb.refuses(&["check", &damaged], "草稿数据已损坏");
}

// ---------------------------------------------------------------------------------------------
// template

#[test]
fn template_list_and_show() {
    let sb = Sandbox::new("template");
    let run = sb.run(&["template", "list"]);
    assert_eq!(run.code, 0);
    assert!(run.out().contains("dangjian-shuzhi\t抓基层党建工作述职报告\t版本 1\n"), "{}", run.out());
    let run = sb.run(&["template", "show", "dangjian-shuzhi"]);
    assert_eq!(run.code, 0);
    assert_eq!(Template::from_json(&run.out()), Ok(default_template()));
    sb.refuses(&["template", "show", "lianzheng"], "没有 ID 为“lianzheng”的模板。内置模板：dangjian-shuzhi（抓基层党建工作述职报告）");
    sb.refuses(&["template", "list", "extra"], "多余的参数");
}

#[test]
fn template_validate() {
    let sb = Sandbox::new("template-validate");
    let good = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/dangjian-shuzhi.json");
    let run = sb.run(&["template", "validate", good.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().starts_with("模板有效：dangjian-shuzhi（抓基层党建工作述职报告，版本 1），3 个部分"), "{}", run.out());
    // An invalid template is the command's answer (1), with the same message as the library's.
    let bad = fixture_path("templates/duplicate-section-id.json");
    let run = sb.run(&["template", "validate", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let expected = fixture("templates/duplicate-section-id.expected.txt");
    assert!(run.stderr.contains(expected.trim_end()), "{}", run.stderr);
    sb.refuses(&["template", "validate", "missing.json"], "找不到文件");
}

// ---------------------------------------------------------------------------------------------
// import

#[test]
fn import_writes_a_draft_or_explains_why_not() {
    let sb = Sandbox::new("import");
    let source = sb.write("last-year.txt", fixture("sample.txt"));
    let run = sb.run(&["import", &source, "-o", "imported.json"]);
    if run.code == 0 {
        let json = String::from_utf8(sb.read("imported.json")).unwrap();
        let draft = storage::decode(&json).expect("the output is a stored draft");
        assert_eq!(draft.template_id, "dangjian-shuzhi");
        assert!(json.contains("在学校党委的正确领导下"), "{json}");
        // Without -o the draft is named after the source, in the current folder.
        let run = sb.run(&["import", &source]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(storage::decode(&String::from_utf8(sb.read("last-year.draft.json")).unwrap()).is_ok());
        // And to stdout.
        let run = sb.run(&["import", &source, "-o", "-"]);
        assert!(storage::decode(&run.out()).is_ok());
    } else {
        // The importer is another issue; until it exists it refuses with a reason.
        assert_eq!(run.code, 2);
        assert!(run.stderr.len() > "shuzhi：".len(), "{}", run.stderr);
        assert!(!sb.path("imported.json").exists());
    }
}

#[test]
fn import_explain_lists_every_paragraph_with_its_part_and_rule() {
    let sb = Sandbox::new("import-explain");
    let text = "欢迎访问某某范文网\n2024年度机关党支部书记抓基层党建工作述职报告\n一年来，我认真履行支部书记职责，现将有关情况报告如下：\n\
                一、主要工作情况\n1.抓学习。全年组织集体学习12次。\n二、存在问题及原因\n1.学习不深。原因主要是：重视不够。\n三、下步打算\n1.加强学习。制定计划。";
    let source = sb.write("report.txt", text);
    let run = sb.run(&["import", &source, "--explain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<String> = run.out().lines().map(str::to_string).collect();
    let expected = [
        ("第 1 行", "不要", "网站导航"),
        ("第 2 行", "标题", "标题"),
        ("第 3 行", "导语", "报告如下"),
        ("第 4 行", "不要", "一级标题，对应“主要工作情况”"),
        ("第 5 行", "工作 1", "编号段落"),
        ("第 7 行", "问题 1", "编号段落"),
        ("第 7 行", "原因 1", "原因"),
        ("第 9 行", "打算 1", "编号段落"),
    ];
    for (at, part, rule) in expected {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{at}｜{part}｜")) && l.contains(rule)),
            "no “{at}｜{part}｜…{rule}” in\n{}",
            run.out()
        );
    }
    assert_eq!(lines.len(), 10, "one line per paragraph (line 7 is two: the problem and its cause)\n{}", run.out());
    // --explain alone writes no draft; with -o it does both.
    assert!(!sb.path("report.draft.json").exists());
    let run = sb.run(&["import", &source, "--explain", "-o", "d.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().contains("｜导语｜"));
    assert!(storage::decode(&String::from_utf8(sb.read("d.json")).unwrap()).is_ok());
}

#[test]
fn import_of_a_docx_without_readable_text_fails_with_exit_2() {
    // Issue 18.6: a .docx whose `w:` prefix is bound to another namespace imported 0 characters
    // with exit 0 and “没有可导入的文字”.
    let sb = Sandbox::new("import-no-text");
    let document = r#"<w:document xmlns:w="http://example.com/not-word"><w:body><w:p><w:r><w:t>全年学习12次。</w:t></w:r></w:p></w:body></w:document>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("start");
    std::io::Write::write_all(&mut zip, document.as_bytes()).expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    let source = sb.write("odd.docx", bytes);
    sb.refuses(&["import", &source, "-o", "d.json"], "没有读得出的文字");
    assert!(!sb.path("d.json").exists());
}

#[test]
fn import_decodes_gb18030_text() {
    let sb = Sandbox::new("import-gbk");
    let text = fixture("sample.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let source = sb.write("gbk.txt", bytes);
    let run = sb.run(&["import", &source, "-o", "-"]);
    if run.code == 0 {
        assert!(run.out().contains("在学校党委的正确领导下"), "{}", run.out());
    } else {
        assert_eq!(run.code, 2, "{}", run.stderr);
    }
}

#[test]
fn import_refuses_what_it_cannot_read() {
    let sb = Sandbox::new("import-bad");
    sb.refuses(&["import", "missing.docx"], "找不到文件“missing.docx”");
    let source = sb.write("a.txt", "2025年度抓基层党建工作述职报告\n");
    sb.refuses(&["import", &source, "--template", "nope"], "没有 ID 为“nope”的模板");
    sb.refuses(&["import", &source, "-o", "a.txt"], "就是要导入的文件");
}

// ---------------------------------------------------------------------------------------------
// next-year

/// The rectification item's body in a draft written by `next-year`.
fn rectification_body(json: &[u8]) -> String {
    let draft = storage::decode(&String::from_utf8_lossy(json)).expect("the output is a stored draft");
    let work = draft.section("work").expect("work section");
    work.items.iter().find(|i| i.title == "推进问题整改情况").expect("rectification item").body.clone()
}

const SAMPLE_RECTIFICATION: &str = "针对“党建工作常态化、制度化、规范化需要加强”问题，\n\
                                    针对“党建工作品牌特色不明显、亮点不突出”问题，\n\
                                    针对“党建工作与业务工作发展不平衡”问题，\n\
                                    针对“宗旨意识需进一步加强”问题，";

#[test]
fn next_year_from_a_stored_draft() {
    let sb = Sandbox::new("next-year-json");
    let mut last = sample_draft();
    last.info.insert("year".into(), "2024".into());
    last.info.insert("org".into(), "学生工作部党支部".into());
    let source = sb.write("last.json", storage::encode(&last));
    let run = sb.run(&["next-year", &source, "-o", "next.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = storage::decode(&String::from_utf8(sb.read("next.json")).unwrap()).expect("a draft");
    assert_eq!((draft.info("year"), draft.info("org")), ("2025", "学生工作部党支部"));
    assert_eq!(rectification_body(&sb.read("next.json")), SAMPLE_RECTIFICATION);
    for words in [
        "说明：已把去年的 4 个问题列入“主要工作情况”第4条“推进问题整改情况”",
        "去年报告中的承诺（写今年的报告时请逐条说明落实情况）：\n  1. 实施“党建＋示范引领”，提高政治站位\n  2. ",
        "已生成今年的草稿：next.json",
    ] {
        assert!(run.stderr.contains(words), "expected “{words}” in: {}", run.stderr);
    }
    assert!(!run.stderr.contains("无法推算"), "{}", run.stderr);
    assert!(run.out().is_empty(), "data goes to the file: {}", run.out());
    // The new draft carries last year's report, so its check compares with it: nothing copied yet.
    let run = sb.run(&["check", "next.json"]);
    assert!(!run.out().contains("年年一个样"), "{}", run.out());
    // Once a sentence is copied from last year, the check says where it came from.
    let mut copied = draft.clone();
    copied.intro = last.intro.clone();
    let copied = sb.write("copied.json", storage::encode(&copied));
    let run = sb.run(&["check", &copied]);
    assert!(run.out().contains("  导语中“202X年，在学校党委的正确领导下"), "{}", run.out());
    assert!(run.out().contains("这句话与去年的导语中的一句完全相同，评议时容易被认为“年年一个样”"), "{}", run.out());
}

#[test]
fn next_year_from_text_keeps_a_placeholder_year() {
    let sb = Sandbox::new("next-year-txt");
    let source = sb.write("last.txt", fixture("sample.txt"));
    let run = sb.run(&["next-year", &source]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Named after the new report; the sample's `202X` stays and is pointed out.
    let name = "202X年度抓基层党建工作述职报告.draft.json";
    assert_eq!(rectification_body(&sb.read(name)), SAMPLE_RECTIFICATION);
    assert!(run.stderr.contains("提醒：去年报告的年度是“202X”，无法推算今年的年度"), "{}", run.stderr);
    assert!(run.stderr.contains("说明：已识别："), "how last year's text was read is shown: {}", run.stderr);
    let run = sb.run(&["check", name]);
    assert!(run.out().contains("基本信息“年度”里还有年份占位符“202X”"), "{}", run.out());
    // A name the user did not choose never replaces a file.
    sb.refuses(&["next-year", &source], "已经存在，没有覆盖");
    let run = sb.run(&["next-year", &source, "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(rectification_body(&run.stdout), SAMPLE_RECTIFICATION);
}

#[test]
fn next_year_from_our_own_word_file() {
    let sb = Sandbox::new("next-year-docx");
    let draft = sb.sample();
    let run = sb.run(&["export", &draft, "-f", "docx", "-o", "last.docx"]);
    if run.code != 0 {
        return; // The Word writer's own test says why.
    }
    let run = sb.run(&["next-year", "last.docx", "-o", "next.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(rectification_body(&sb.read("next.json")), SAMPLE_RECTIFICATION);
}

#[test]
fn next_year_refuses_what_it_cannot_read() {
    let sb = Sandbox::new("next-year-bad");
    sb.refuses(&["next-year"], "参数不够");
    sb.refuses(&["next-year", "missing.json"], "找不到文件“missing.json”");
    sb.refuses(&["next-year", "missing.txt", "-o", "next.json"], "找不到文件“missing.txt”");
    let sample = fixture("sample.draft.json");
    let damaged = sb.write("damaged.json", &sample[..sample.len() / 2]);
    sb.refuses(&["next-year", &damaged], "草稿数据已损坏");
    let pdf = sb.write("last.pdf", b"%PDF-1.4\n");
    sb.refuses(&["next-year", &pdf], "不支持 PDF");
    let empty = sb.write("empty.txt", "");
    sb.refuses(&["next-year", &empty], "文件是空的");
    let source = sb.write("last.txt", fixture("sample.txt"));
    sb.refuses(&["next-year", &source, "-o", "./last.txt"], "就是去年的报告");
    sb.refuses(&["next-year", &source, "--template", "nope"], "没有 ID 为“nope”的模板");
    sb.refuses(&["next-year", &source, "-o", "no/such/folder/next.json"], "所在的文件夹不存在");
    assert_eq!(String::from_utf8(sb.read("last.txt")).unwrap(), fixture("sample.txt"));
    assert!(!sb.path("next.json").exists());
}

#[test]
fn check_with_last_years_report_warns_about_copied_sentences() {
    let sb = Sandbox::new("check-last");
    let draft = sb.sample();
    let last = sb.write("last.txt", fixture("sample.txt"));
    let run = sb.run(&["check", &draft, "--last", &last]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = run.out();
    // The sample's 2 warnings plus one per sentence of 12 characters or more.
    assert!(text.contains("提醒（34）：\n"), "{text}");
    assert_eq!(text.matches("年年一个样").count(), 32, "{text}");
    assert!(text.contains("与去年“存在问题及原因”第2条的原因中的一句完全相同"), "{text}");
    sb.refuses(&["check", &draft, "--last", "missing.json"], "找不到文件“missing.json”");
    let run = sb.run(&["--help"]);
    assert!(run.out().contains("shuzhi next-year") && run.out().contains("--last"), "{}", run.out());
}

// ---------------------------------------------------------------------------------------------
// Other templates: the built-in ones and organisation-made files (issue 10)

#[test]
fn every_built_in_template_is_listed_and_exports_its_golden_fixture() {
    let sb = Sandbox::new("templates-all");
    let list = sb.run(&["template", "list"]).out();
    for template in shuzhi::report::template::builtin_templates() {
        assert!(list.contains(&format!("{}\t{}\t版本 {}\n", template.id, template.name, template.version)), "{list}");
        if template.id == "dangjian-shuzhi" {
            continue;
        }
        let draft = sb.write(&format!("{}.json", template.id), fixture(&format!("templates/{}.draft.json", template.id)));
        let run = sb.run(&["export", &draft, "-f", "txt", "-o", "-"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.out(), fixture(&format!("templates/{}.txt", template.id)));
    }
}

#[test]
fn export_with_a_template_file() {
    let sb = Sandbox::new("export-template-file");
    let json = fixture("templates/valid/minimal.json").replace("\"minimal-test\"", "\"danwei\"");
    let template = Template::from_json(&json).unwrap();
    let file = sb.write("danwei.json", &json);
    let mut draft = shuzhi::report::Draft::new(&template);
    draft.info.insert("year".into(), "2025".into());
    draft.intro = "单位模板写的导语。".into();
    let path = sb.write("d.json", storage::encode(&draft));
    // Without the file the draft's template is unknown here: it is read with the default one
    // (nothing dropped), and the note says what to do.
    let run = sb.run(&["export", &path, "-f", "txt", "-o", "-"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("用 --template 模板.json 指定"), "{}", run.stderr);
    assert!(run.out().contains("单位模板写的导语。"), "{}", run.out());
    let run = sb.run(&["export", &path, "-f", "txt", "-o", "-", "--template", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.out(), "2025年度述职报告\n单位模板写的导语。\n");
    // A draft of another template is switched to the file's, and told so.
    let sample = sb.sample();
    let run = sb.run(&["export", &sample, "-f", "txt", "-o", "-", "--template", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().contains("\n一、主要工作情况\n1.政治思想建设情况。"), "{}", run.out());
    // The sample's 下步打算 has no place in the file's template: leftover, printed at the end.
    assert!(run.out().contains("\n原“下步打算”部分：\n实施“党建＋示范引领”，提高政治站位\n"), "{}", run.out());
    assert!(run.stderr.contains("已换用“测试模板”导出；“下步打算”的 3 条放进了“未归类内容”"), "{}", run.stderr);
    // A built-in id works too.
    let run = sb.run(&["export", &sample, "-f", "txt", "-o", "-", "--template", "zhibu-shuji-shuzhi"]);
    assert!(run.out().contains("\n二、上年度问题整改情况\n1.推进问题整改情况。"), "{}", run.out());
    sb.refuses(&["export", &sample, "--template", "nope.json"], "找不到模板文件“nope.json”");
    let bad = sb.write("bad.json", fixture("templates/wrong-section-kind.json"));
    sb.refuses(&["export", &sample, "--template", &bad], "sections[0].kind");
}
