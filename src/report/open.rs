//! Opening a draft under a template: the one decision the app (start-up, 我的报告, backups,
//! snapshots, another tab's save) and the CLI (`export`, `check`) share.
//!
//! A draft opens under its own template when this computer (or the CLI) knows it. Otherwise it
//! opens under the fallback template, switched by `report::convert` (sections by id, heading and
//! role); what has no place goes to 未归类内容 and the caller says so. Nothing is ever dropped.

use super::convert::{implied_template, plan_switch};
use super::model::Draft;
use super::template::Template;

/// A draft ready to show or print, and the template it is shown with.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedDraft {
    pub template: Template,
    pub draft: Draft,
    /// Set when the draft's own template was not available.
    pub missing: Option<TemplateMissing>,
}

/// The draft's template is not known here: it was opened with another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMissing {
    /// The id the draft names.
    pub template_id: String,
    /// The name of the template it was opened with.
    pub used: String,
    /// The parts that had no place and went to 未归类内容 (their headings).
    pub moved: Vec<String>,
}

/// Opens `draft` under its own template (`find` looks it up by id), else under `fallback`.
pub fn open_under_template(draft: Draft, find: impl Fn(&str) -> Option<Template>, fallback: Template) -> OpenedDraft {
    if let Some(template) = find(&draft.template_id) {
        let mut draft = draft;
        draft.conform_to(&template);
        return OpenedDraft { template, draft, missing: None };
    }
    let switched = plan_switch(&draft, &implied_template(&draft), &fallback);
    let missing = TemplateMissing { template_id: draft.template_id.clone(), used: fallback.name.clone(), moved: switched.moved };
    OpenedDraft { template: fallback, draft: switched.draft, missing: Some(missing) }
}
