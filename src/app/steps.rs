//! The app's pages: the wizard's steps, generated from the template, plus 我的报告 and 导入, and
//! their place in the URL.

use crate::report::Template;

/// One page of the app: a wizard step, or 我的报告 / 导入 (reached from the header).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Info,
    Intro,
    /// A template section, by index.
    Section(usize),
    Check,
    /// 我的报告: the list of drafts (not a wizard step).
    Drafts,
    /// 导入已有报告 (not a wizard step).
    Import,
}

impl Step {
    /// The wizard's steps for a template, in order: a new section in the template is a new step.
    pub fn all(template: &Template) -> Vec<Step> {
        let mut steps = vec![Step::Info, Step::Intro];
        steps.extend((0..template.sections.len()).map(Step::Section));
        steps.push(Step::Check);
        steps
    }

    /// Whether the step edits the draft (its fields are disabled while the draft is read-only).
    pub fn edits_draft(&self) -> bool {
        matches!(self, Step::Info | Step::Intro | Step::Section(_))
    }

    /// The URL hash of a step (`#/info`, `#/s/work`, `#/check`).
    pub fn hash(&self, template: &Template) -> String {
        match self {
            Step::Info => "#/info".into(),
            Step::Intro => "#/intro".into(),
            Step::Section(i) => match template.sections.get(*i) {
                Some(s) => format!("#/s/{}", s.id),
                None => "#/info".into(),
            },
            Step::Check => "#/check".into(),
            Step::Drafts => "#/drafts".into(),
            Step::Import => "#/import".into(),
        }
    }

    /// Reads a step from a URL hash; unknown hashes give `None`.
    pub fn from_hash(hash: &str, template: &Template) -> Option<Step> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path {
            "info" => Some(Step::Info),
            "intro" => Some(Step::Intro),
            "check" => Some(Step::Check),
            "drafts" => Some(Step::Drafts),
            "import" => Some(Step::Import),
            _ => {
                let id = path.strip_prefix("s/")?;
                template.sections.iter().position(|s| s.id == id).map(Step::Section)
            }
        }
    }
}
