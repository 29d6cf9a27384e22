//! `shuzhi`: the command-line tool on the same core as the web app (export, check, templates, import,
//! next year's draft).
//!
//! Arguments are parsed by hand (std only, no clap) to keep the tool small. Everything the user
//! reads is Chinese. Data (exported text, the check's report, template JSON) goes to stdout;
//! confirmations and errors go to stderr. Exit codes: 0 done, 1 the checked file has errors
//! (`check`, `template validate`), 2 the command could not run (arguments, files, damaged data).
//! Nothing that input or the filesystem can make fail is unwrapped: every failure is a message.

// The CLI is native only (files, encoding_rs); the wasm build of the package skips it.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::fs::File;
use std::io::{self, ErrorKind, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use shuzhi::report::open::open_under_template;
use shuzhi::report::convert::{implied_template, plan_switch};
use shuzhi::report::import::{decode_native, import_file};
use shuzhi::report::library::plan_import;
use shuzhi::report::chars::is_bidi_control;
use shuzhi::report::template::builtin_templates;
use shuzhi::report::validate::{check, sameness, Places};
use shuzhi::report::yearly::{self, next_year, promises};
use shuzhi::report::{builtin, default_template, file_name, render, storage, Diagnostic, Draft, Format, Severity, Template};

const USAGE: &str = "\
shuzhi —— 述职报告向导命令行工具（抓基层党建工作述职报告）

用法：
  shuzhi export 草稿.json [--format txt|md|html|docx] [-o 文件] [--template 模板.json|ID]
      导出报告。不给 -o 时按报告标题命名，写到当前文件夹；-o - 写到标准输出。
      不给 --format 时按 -o 的扩展名判断，都没有则导出 Word（docx）。
      --template：按单位下发的模板文件（或另一个内置模板）导出；草稿的模板不同时先换用
      该模板，对不上的内容放进“未归类内容”。
  shuzhi check 草稿.json [--last 去年的报告]
      导出前检查：缺项、占位符（202X、XX 等）、年份、篇幅、半角标点、重复的句子……
      还会找出与去年报告几乎相同的句子：去年的报告用 --last（草稿或报告文件）给出，
      用 next-year 生成的草稿已带有去年的报告。
  shuzhi template list                  列出内置模板（ID、名称、版本）
  shuzhi template show ID               显示模板的 JSON
  shuzhi template validate 模板.json    检查模板文件是否有效
  shuzhi backup show 备份.json          列出备份文件中的报告和模板（不写任何文件）
  shuzhi import 文件 [-o 草稿.json] [--template ID] [--explain]
      把以前的报告（.txt、.md、.docx）导入为草稿。不给 -o 时写到当前文件夹的
      “文件名.draft.json”；-o - 写到标准输出。
      --explain：逐段列出识别结果（第几行、放到哪一部分、依据什么规则、开头的文字），
      不写草稿；同时给 -o 时也写出草稿。
  shuzhi next-year 去年的报告 [-o 草稿.json] [--template ID]
      从去年的报告（草稿 .json、.docx、.txt、.md）开始写今年的：基本信息沿用，年度加 1，
      去年的每个问题列入今年的问题整改情况，并列出去年“下步打算”中的承诺。
      不给 -o 时按新报告的标题命名（不覆盖已有文件）；-o - 写到标准输出。
  shuzhi --help                         显示本说明
  shuzhi --version                      显示版本

退出码：0 完成；1 检查发现错误（check、template validate、backup show）；2 无法完成（参数不对、
文件读写失败、草稿损坏或版本太新等）。
";

/// Drafts and reports are small; a cap keeps a wrong argument (a disk image …) from eating memory.
/// The importer applies its own, lower limit and explains it.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a command could not do its job; printed on stderr with exit code 2.
struct Failure(String);

type Outcome = Result<ExitCode, Failure>;

fn fail<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure(message.into()))
}

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(bad) => {
                note(&format!("shuzhi：参数“{}”含有无法识别的字符", bad.to_string_lossy()));
                return ExitCode::from(2);
            }
        }
    }
    match run(&args) {
        Ok(code) => code,
        Err(Failure(message)) => {
            note(&format!("shuzhi：{message}"));
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Outcome {
    let Some((command, rest)) = args.split_first() else {
        return fail(format!("缺少命令。\n\n{USAGE}"));
    };
    match command.as_str() {
        "-h" | "--help" | "help" => help(),
        "-V" | "--version" => {
            out(format!("shuzhi {}\n", env!("CARGO_PKG_VERSION")).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        "export" => export(rest),
        "check" => check_draft(rest),
        "template" => template(rest),
        "backup" => backup(rest),
        "import" => import(rest),
        "next-year" => next_year_draft(rest),
        other => fail(format!("不认识的命令“{other}”。运行 shuzhi --help 查看用法")),
    }
}

fn help() -> Outcome {
    out(USAGE.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// Options that take a value: the key used below and the spellings accepted.
const FORMAT: (&str, &[&str]) = ("format", &["-f", "--format"]);
const OUTPUT: (&str, &[&str]) = ("output", &["-o", "--output"]);
const TEMPLATE: (&str, &[&str]) = ("template", &["-t", "--template"]);
const LAST: (&str, &[&str]) = ("last", &["-l", "--last"]);

struct Args {
    positional: Vec<String>,
    options: Vec<(&'static str, String)>,
}

impl Args {
    fn get(&self, key: &str) -> Option<&str> {
        self.options.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// Exactly `n` positional arguments, or a message showing the right usage.
    fn arity(&self, n: usize, usage: &str) -> Result<(), Failure> {
        match self.positional.len() {
            len if len == n => Ok(()),
            len if len < n => fail(format!("参数不够。用法：{usage}")),
            _ => fail(format!("多余的参数“{}”。用法：{usage}", self.positional[n])),
        }
    }
}

/// Splits arguments into positional ones and known options (`-o FILE`, `--output=FILE`).
/// `None` means help was asked for. `-` alone is a value (stdout), `--` ends the options.
fn parse(args: &[String], known: &[(&'static str, &[&str])]) -> Result<Option<Args>, Failure> {
    let mut parsed = Args { positional: Vec::new(), options: Vec::new() };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            parsed.positional.extend(iter.by_ref().cloned());
            break;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if !arg.starts_with('-') || arg == "-" {
            parsed.positional.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let Some((key, spellings)) = known.iter().find(|(_, spellings)| spellings.contains(&name)) else {
            return fail(format!("不认识的选项“{name}”。运行 shuzhi --help 查看用法"));
        };
        let value = match inline {
            Some(value) => value,
            None => match iter.next() {
                Some(value) => value.clone(),
                None => return fail(format!("选项 {} 后面缺少值", spellings.join("/"))),
            },
        };
        if parsed.get(key).is_some() {
            return fail(format!("选项 {} 给了不止一次", spellings.join("/")));
        }
        parsed.options.push((key, value));
    }
    Ok(Some(parsed))
}

// ---------------------------------------------------------------------------------------------
// Commands

fn export(args: &[String]) -> Outcome {
    const USE: &str = "shuzhi export 草稿.json [--format txt|md|html|docx] [-o 文件] [--template 模板.json|ID]";
    let Some(args) = parse(args, &[FORMAT, OUTPUT, TEMPLATE])? else { return help() };
    args.arity(1, USE)?;
    let draft_path = &args.positional[0];
    let output = args.get("output");
    let format = match (args.get("format"), output) {
        (Some(name), _) => match Format::parse(name) {
            Some(format) => format,
            None => return fail(format!("不支持的格式“{name}”，可选：txt、md、html、docx")),
        },
        // `-o 报告.md` says the format; otherwise Word, the file offices ask for.
        (None, Some(path)) if path != "-" => extension_format(path).unwrap_or(Format::Docx),
        _ => Format::Docx,
    };
    let (draft, template) = match args.get("template") {
        Some(spec) => load_draft_as(draft_path, spec)?,
        None => load_draft(draft_path)?,
    };
    let bytes = match render(&draft, &template, format) {
        Ok(bytes) => bytes,
        Err(e) => return fail(e.to_string()),
    };
    let target = match output {
        Some(path) => path.to_string(),
        None => file_name(&draft, &template, format),
    };
    if target != "-" && same_file(&target, draft_path) {
        return fail(format!("输出文件“{target}”就是草稿本身，导出会覆盖草稿。请换一个文件名"));
    }
    write_output(&target, &bytes)?;
    if target != "-" {
        note(&format!("已导出：{target}"));
    }
    let errors = check(&draft, &template).iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        note(&format!("注意：报告还有 {errors} 个错误（如未替换的占位符），运行 shuzhi check {draft_path} 查看"));
    }
    Ok(ExitCode::SUCCESS)
}

fn extension_format(path: &str) -> Option<Format> {
    Path::new(path).extension().and_then(|e| e.to_str()).and_then(Format::parse)
}

fn check_draft(args: &[String]) -> Outcome {
    let Some(args) = parse(args, &[LAST])? else { return help() };
    args.arity(1, "shuzhi check 草稿.json [--last 去年的报告]")?;
    let (draft, template) = load_draft(&args.positional[0])?;
    let mut diagnostics = check(&draft, &template);
    // Last year's report: the one given, else the one a `next-year` draft carries. It may be any
    // file `next-year` reads; what the importer noticed about it is not this draft's business,
    // so only a refusal is reported.
    let last = match args.get("last") {
        Some(path) => Some(load_report(path, Some(&draft.template_id))?.0),
        None => draft.last_year.as_deref().cloned(),
    };
    if let Some(last) = last {
        diagnostics.extend(sameness(&draft, &template, &last));
        shuzhi::report::order::sort_by_key(&mut diagnostics, |d| d.severity);
    }
    if diagnostics.is_empty() {
        out("没有发现问题。\n".as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let places = Places::new(&draft, &template);
    let mut report = String::new();
    let mut counts = Vec::new();
    for (severity, unit) in [(Severity::Error, "个"), (Severity::Warning, "个"), (Severity::Info, "条")] {
        let group: Vec<_> = diagnostics.iter().filter(|d| d.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        counts.push(format!("{} {unit}{}", group.len(), severity.label()));
        report.push_str(&format!("{}（{}）：\n", severity.label(), group.len()));
        for d in group {
            let place = places.describe(&d.place);
            let fix = d.fix.as_ref().map(|f| format!("（可在向导中一键修正：{}）", f.label)).unwrap_or_default();
            // Most messages already open with their place; print it only where they do not.
            let at = if d.message.starts_with(&place) { String::new() } else { format!("[{place}] ") };
            report.push_str(&format!("  {}\n", terminal_safe(&format!("{at}{}{fix}", d.message))));
        }
    }
    report.push_str(&format!("共 {}。\n", counts.join("、")));
    out(report.as_bytes())?;
    let any_error = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Ok(if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn template(args: &[String]) -> Outcome {
    const USE: &str = "shuzhi template list | show ID | validate 模板.json";
    let Some(args) = parse(args, &[])? else { return help() };
    let Some((sub, rest)) = args.positional.split_first() else {
        return fail(format!("缺少子命令。用法：{USE}"));
    };
    let rest = Args { positional: rest.to_vec(), options: Vec::new() };
    match sub.as_str() {
        "list" => {
            rest.arity(0, "shuzhi template list")?;
            let lines: String = builtin_templates()
                .iter()
                .map(|t| format!("{}\t{}\t版本 {}\n", t.id, t.name, t.version))
                .collect();
            out(lines.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        "show" => {
            rest.arity(1, "shuzhi template show ID")?;
            let id = &rest.positional[0];
            let Some(template) = builtin(id) else {
                return fail(format!("没有 ID 为“{id}”的模板。内置模板：{}", known_templates()));
            };
            out(format!("{}\n", template.to_json()).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        "validate" => {
            rest.arity(1, "shuzhi template validate 模板.json")?;
            let path = &rest.positional[0];
            let text = read_text(path)?;
            match Template::from_json(&text) {
                Ok(t) => {
                    let summary = format!(
                        "模板有效：{}（{}，版本 {}），{} 个部分，{} 个基本信息字段",
                        t.id,
                        t.name,
                        t.version,
                        t.sections.len(),
                        t.fields.len()
                    );
                    out(format!("{}\n", terminal_safe(&summary)).as_bytes())?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    note(&format!("{path}：{e}"));
                    Ok(ExitCode::from(1))
                }
            }
        }
        other => fail(format!("不认识的子命令“{other}”。用法：{USE}")),
    }
}

fn backup(args: &[String]) -> Outcome {
    const USE: &str = "shuzhi backup show 备份.json";
    let Some(args) = parse(args, &[])? else { return help() };
    match args.positional.split_first() {
        Some((sub, rest)) if sub == "show" => {
            Args { positional: rest.to_vec(), options: Vec::new() }.arity(1, USE)?;
            show_backup(&rest[0])
        }
        Some((other, _)) => fail(format!("不认识的子命令“{other}”。用法：{USE}")),
        None => fail(format!("缺少子命令。用法：{USE}")),
    }
}

/// Lists what a backup file holds, as 导入备份 would read it (drafts, templates, kept copies).
/// Exit code 1 when some draft or template in it cannot be restored.
fn show_backup(path: &str) -> Outcome {
    let bytes = read_bytes(path)?;
    let backup = match storage::decode_backup(&bytes) {
        Ok(backup) => backup,
        Err(e) => return fail(format!("{path}：{e}")),
    };
    let plan = plan_import(backup, &[]);
    let mut lines = vec![format!(
        "备份文件：{} 份报告（{} 份可以恢复），{} 个模板，{} 份无法读取的保存内容",
        plan.rows.len(),
        plan.importable(),
        plan.templates.len(),
        plan.damaged.len()
    )];
    for (i, row) in plan.rows.iter().enumerate() {
        lines.push(match &row.draft {
            Ok(draft) => format!("  {}. {}（{} 字）", i + 1, row.meta.display_name(), draft.written_chars()),
            Err(e) => format!("  {}. 无法恢复：{e}", i + 1),
        });
    }
    lines.extend(plan.templates.iter().map(|(name, _)| format!("  模板：{name}")));
    lines.extend(plan.skipped_templates.iter().map(|why| format!("  {why}")));
    let text: String = lines.iter().map(|line| format!("{}\n", terminal_safe(line))).collect();
    out(text.as_bytes())?;
    let complete = plan.importable() == plan.rows.len() && plan.skipped_templates.is_empty();
    Ok(if complete { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn import(args: &[String]) -> Outcome {
    const USE: &str = "shuzhi import 文件 [-o 草稿.json] [--template ID] [--explain]";
    let explain = args.iter().any(|a| a == "--explain");
    let args: Vec<String> = args.iter().filter(|a| *a != "--explain").cloned().collect();
    let Some(args) = parse(&args, &[OUTPUT, TEMPLATE])? else { return help() };
    args.arity(1, USE)?;
    let source = &args.positional[0];
    let template = match args.get("template") {
        Some(id) => match builtin(id) {
            Some(t) => t,
            None => return fail(format!("没有 ID 为“{id}”的模板。内置模板：{}", known_templates())),
        },
        None => default_template(),
    };
    let bytes = read_bytes(source)?;
    let name = Path::new(source).file_name().and_then(|n| n.to_str()).unwrap_or(source);
    let imported = match import_file(name, &bytes, &template, &decode_native) {
        Ok(imported) => imported,
        Err(e) => return fail(format!("{source}：{e}")),
    };
    if explain {
        if imported.review.paragraphs.is_empty() {
            note("这个文件是本程序的草稿（或导出的 Word 文件中保存的草稿），已按原样打开，没有逐段识别");
        }
        out(terminal_safe(&imported.review.explain(&template)).as_bytes())?;
    }
    let target = match args.get("output") {
        Some(path) => path.to_string(),
        None if explain => String::new(),
        None => {
            let stem = Path::new(source).file_stem().and_then(|s| s.to_str()).unwrap_or("导入");
            format!("{stem}.draft.json")
        }
    };
    if target != "-" && same_file(&target, source) {
        return fail(format!("输出文件“{target}”就是要导入的文件，会被覆盖。请换一个文件名"));
    }
    print_diagnostics(&imported.diagnostics);
    if target.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    write_output(&target, format!("{}\n", storage::encode(&imported.draft)).as_bytes())?;
    if target != "-" {
        note(&format!("已导入为草稿：{target}"));
    }
    Ok(ExitCode::SUCCESS)
}

fn next_year_draft(args: &[String]) -> Outcome {
    const USE: &str = "shuzhi next-year 去年的报告 [-o 草稿.json] [--template ID]";
    let Some(args) = parse(args, &[OUTPUT, TEMPLATE])? else { return help() };
    args.arity(1, USE)?;
    let source = &args.positional[0];
    let (last, template, read) = load_report(source, args.get("template"))?;
    let (draft, notes) = next_year(&last, &template);
    let target = match args.get("output") {
        Some(path) => path.to_string(),
        None => {
            // Named after the new report, as the export names files; a name the user did not
            // choose must not replace a file they have.
            let name = file_name(&draft, &template, Format::Txt);
            let name = format!("{}.draft.json", name.strip_suffix(".txt").unwrap_or(&name));
            if Path::new(&name).exists() {
                return fail(format!("“{name}”已经存在，没有覆盖。请用 -o 指定新草稿的文件名"));
            }
            name
        }
    };
    if target != "-" && same_file(&target, source) {
        return fail(format!("输出文件“{target}”就是去年的报告，会被覆盖。请换一个文件名"));
    }
    // Written first: when it fails, the failure is the only thing worth saying.
    write_output(&target, format!("{}\n", storage::encode(&draft)).as_bytes())?;
    // The promises are listed in full below, so their one-line summary is left out.
    let shown: Vec<Diagnostic> = read.iter().chain(notes.iter().filter(|d| d.code != yearly::code::PROMISES)).cloned().collect();
    print_diagnostics(&shown);
    let promises = promises(&last, &template);
    if !promises.is_empty() {
        let mut list = String::from("去年报告中的承诺（写今年的报告时请逐条说明落实情况）：");
        for (i, promise) in promises.iter().enumerate() {
            list.push_str(&format!("\n  {}. {promise}", i + 1));
        }
        note(&list);
    }
    if target != "-" {
        note(&format!("已生成今年的草稿：{target}"));
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// Files

/// A stored draft and its template, opened as the app opens it (`app::open_under_template`): a
/// built-in template by its id; a draft of a template the CLI does not have is switched to the
/// default one (what has no place goes to 未归类内容, which the check flags and the export prints,
/// so nothing is silently dropped), with a note saying so.
fn load_draft(path: &str) -> Result<(Draft, Template), Failure> {
    let text = read_text(path)?;
    let draft = match storage::decode(&text) {
        Ok(draft) => draft,
        Err(e) => return fail(format!("{path}：{e}")),
    };
    let newer = builtin(&draft.template_id).filter(|t| draft.template_version > t.version).map(|t| (draft.template_version, t.version));
    if let Some((theirs, ours)) = newer {
        note(&format!("注意：这份草稿按更新的模板（版本 {theirs}）写成，本程序的模板是版本 {ours}，结果可能不完整"));
    }
    let opened = open_under_template(draft, builtin, default_template());
    if let Some(missing) = &opened.missing {
        let moved = if missing.moved.is_empty() {
            String::new()
        } else {
            format!("；{}放进了“未归类内容”", missing.moved.join("、"))
        };
        note(&format!(
            "注意：{path} 使用的模板“{}”不是本程序内置的模板（内置：{}），已按“{}”读取{moved}。单位下发的模板请用 --template 模板.json 指定",
            missing.template_id,
            known_templates(),
            missing.used
        ));
    }
    Ok((opened.draft, opened.template))
}

/// A stored draft with the template `spec` names: a template file (organisation-made), else a
/// built-in id. A draft of another template is switched to it (`report::convert`): what has no
/// place goes to the leftover part, which the export prints and the check flags.
fn load_draft_as(path: &str, spec: &str) -> Result<(Draft, Template), Failure> {
    let template = if Path::new(spec).is_file() {
        match Template::from_json(&read_text(spec)?) {
            Ok(t) => t,
            Err(e) => return fail(format!("{spec}：{e}")),
        }
    } else {
        match builtin(spec) {
            Some(t) => t,
            None => return fail(format!("找不到模板文件“{spec}”，也没有 ID 为“{spec}”的内置模板（内置：{}）", known_templates())),
        }
    };
    let text = read_text(path)?;
    let mut draft = match storage::decode(&text) {
        Ok(draft) => draft,
        Err(e) => return fail(format!("{path}：{e}")),
    };
    if draft.template_id == template.id {
        draft.conform_to(&template);
        return Ok((draft, template));
    }
    let from = builtin(&draft.template_id).unwrap_or_else(|| implied_template(&draft));
    let switched = plan_switch(&draft, &from, &template);
    let moved = if switched.moved.is_empty() {
        String::new()
    } else {
        format!("；{}放进了“未归类内容”", switched.moved.join("、"))
    };
    note(&format!("注意：草稿用的是模板“{}”，已换用“{}”导出{moved}", from.name, template.name));
    Ok((switched.draft, template))
}

/// Last year's report: a stored draft (`.json`, read as `load_draft` reads it) or any file the
/// importer reads (.docx — our own export opens as the draft it embeds —, .txt, .md …), imported
/// with the template `template_id` (default: the built-in one). Also returns what the importer
/// noticed, since an unplaced line may hold one of last year's problems.
fn load_report(path: &str, template_id: Option<&str>) -> Result<(Draft, Template, Vec<Diagnostic>), Failure> {
    let is_json = Path::new(path).extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let (draft, template) = load_draft(path)?;
        return Ok((draft, template, Vec::new()));
    }
    let template = match template_id {
        Some(id) => match builtin(id) {
            Some(t) => t,
            None => return fail(format!("没有 ID 为“{id}”的模板。内置模板：{}", known_templates())),
        },
        None => default_template(),
    };
    let bytes = read_bytes(path)?;
    let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path);
    let imported = match import_file(name, &bytes, &template, &decode_native) {
        Ok(imported) => imported,
        Err(e) => return fail(format!("{path}：{e}")),
    };
    let mut draft = imported.draft;
    // A .docx we exported carries its draft, which names its own template.
    let template = if draft.template_id == template.id {
        template
    } else {
        match builtin(&draft.template_id) {
            Some(t) => t,
            None => {
                return fail(format!(
                    "{path}：报告使用的模板“{}”不是本程序内置的模板（内置：{}）",
                    draft.template_id,
                    known_templates()
                ))
            }
        }
    };
    draft.conform_to(&template);
    Ok((draft, template, imported.diagnostics))
}

fn known_templates() -> String {
    let names: Vec<String> = builtin_templates().iter().map(|t| format!("{}（{}）", t.id, t.name)).collect();
    names.join("、")
}

fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    if Path::new(path).is_dir() {
        return fail(format!("“{path}”是一个文件夹，不是文件"));
    }
    let file = File::open(path).map_err(|e| Failure(io_message("读取", path, &e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure(io_message("读取", path, &e)))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return fail(format!("“{path}”太大（超过 {} MB），不像是述职报告的文件", MAX_INPUT_BYTES / 1024 / 1024));
    }
    Ok(bytes)
}

fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(text),
        Err(_) => fail(format!("“{path}”不是 UTF-8 编码的文本文件（草稿和模板都是 UTF-8 的 JSON 文件）")),
    }
}

/// Writes `bytes` to a file, or to stdout for `-`.
fn write_output(target: &str, bytes: &[u8]) -> Result<(), Failure> {
    if target == "-" {
        return out(bytes);
    }
    if Path::new(target).is_dir() {
        return fail(format!("“{target}”是一个文件夹，请在 -o 后给出文件名"));
    }
    std::fs::write(target, bytes).map_err(|e| Failure(io_message("写入", target, &e)))
}

fn io_message(action: &str, path: &str, e: &io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound if action == "读取" => format!("找不到文件“{path}”"),
        ErrorKind::NotFound => format!("无法{action}“{path}”：所在的文件夹不存在"),
        ErrorKind::PermissionDenied => format!("没有权限{action}“{path}”"),
        _ => format!("无法{action}“{path}”：{e}"),
    }
}

/// Whether two paths name the same existing file (so an export never overwrites its draft).
fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Data to stdout. A closed pipe (`shuzhi template show … | head`) is not an error worth a message.
fn out(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(e) => fail(format!("无法写到标准输出：{e}")),
    }
}

/// What the importer noticed, one line each on stderr.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        note(&format!("{}：{}", d.severity.label(), d.message));
    }
}

/// Text quoting a file's contents or name, safe to print on a terminal: control characters other
/// than line feed and tab (ESC could recolour or clear the screen or retitle the window, a CR
/// overwrite the line) and bidirectional controls (which reorder what is shown) are written as
/// `<U+001B>`. Every message on stderr goes through it (`note`).
fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && !matches!(c, '\n' | '\t')) || is_bidi_control(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A line for the user on stderr (terminal-safe); if even that fails there is no one left to tell.
fn note(message: &str) {
    let _ = writeln!(io::stderr(), "{}", terminal_safe(message));
}
