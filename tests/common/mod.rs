//! Shared helpers for the native test suites: fixtures and the sample draft.
#![allow(dead_code)]

use std::path::PathBuf;

use shuzhi::report::{storage, Draft, Template};

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The sample report (the seed) as a stored draft.
pub fn sample_draft() -> Draft {
    storage::decode(&fixture("sample.draft.json")).expect("sample draft decodes")
}

/// The seed's text with its document-site markers removed and trailing blank lines trimmed.
pub fn sample_text_clean() -> String {
    let raw = fixture("sample.txt");
    let cleaned = raw.replace("##paidbegin##", "").replace("##paidend##", "");
    format!("{}\n", cleaned.trim_end())
}

pub fn default_template() -> Template {
    shuzhi::report::builtin("dangjian-shuzhi").expect("built-in template parses")
}

/// A draft of the default template with every kind of field set from `t` (at least 9 texts):
/// year, org, intro, closing, every item's title/body/cause, leftover, name.
pub fn draft_from_texts(t: &[String]) -> Draft {
    let template = default_template();
    let mut draft = Draft::new(&template);
    draft.info.insert("year".into(), t[0].clone());
    draft.info.insert("org".into(), t[1].clone());
    draft.info.insert("name".into(), t[8].clone());
    draft.intro = t[2].clone();
    draft.closing = t[3].clone();
    draft.leftover = t[7].clone();
    for section in &mut draft.sections {
        for item in &mut section.items {
            item.title = t[4].clone();
            item.body = t[5].clone();
            item.cause = t[6].clone();
        }
    }
    draft
}
