//! `shuzhi backup show`: what a backup file holds, read as 导入备份 reads it (the hostile corpus
//! runs every generated backup through it).

mod common;

use std::process::Command;

use common::*;
use serde_json::{json, Value};
use shuzhi::report::storage::{self, BackupDraft, BackupFile, DraftMeta};
use shuzhi::report::{render, Format};

fn show(name: &str, bytes: &[u8]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("shuzhi-backup-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_shuzhi")).args(["backup", "show"]).arg(&path).output().expect("runs");
    let _ = std::fs::remove_dir_all(&dir);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned());
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

fn backup(drafts: Vec<Value>, templates: Vec<String>) -> Vec<u8> {
    let drafts = drafts.into_iter().map(|draft| BackupDraft { meta: DraftMeta { id: "d1".into(), ..DraftMeta::default() }, draft }).collect();
    storage::encode_backup(&BackupFile { exported_at: 1, drafts, damaged: Vec::new(), templates }).into_bytes()
}

#[test]
fn lists_the_drafts_and_templates_of_a_backup() {
    let draft: Value = serde_json::from_str(&storage::encode(&sample_draft())).unwrap();
    let mut template = serde_json::to_value(default_template()).unwrap();
    template["id"] = json!("danwei");
    template["name"] = json!("单位模板");
    let (code, out, err) = show("backup.json", &backup(vec![draft], vec![template.to_string()]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 份报告（1 份可以恢复），1 个模板"), "{out}");
    assert!(out.contains("抓基层党建工作述职报告") && out.contains("模板：单位模板"), "{out}");
}

#[test]
fn names_what_cannot_be_restored() {
    let newer = json!({ "kind": "shuzhi-draft", "version": 99, "draft": {} });
    let (code, out, _) = show("newer.json", &backup(vec![newer], vec!["{".into()]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("无法恢复") && out.contains("更新版本"), "{out}");
    assert!(out.contains("第 1 个模板没有载入"), "{out}");
    // Not a backup at all: a Word file.
    let docx = render(&sample_draft(), &default_template(), Format::Docx).expect("renders");
    let (code, _, err) = show("报告.docx", &docx);
    assert_eq!(code, 2);
    assert!(err.contains("Word 文档，不是备份文件"), "{err}");
}
