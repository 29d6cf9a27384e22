//! The app's state and its reducer. Draft changes are delegated to the core's `apply`; the rest is
//! navigation and transient UI state (undo toast, focus requests).

use std::rc::Rc;

use yew::prelude::*;

use crate::report::yearly::{similar_sentences, Similar};
use crate::report::{apply, validate, Applied, Diagnostic, Draft, Edit, Item, Template};

/// One wizard step, generated from the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Info,
    Intro,
    /// A template section, by index.
    Section(usize),
    Check,
    /// 我的报告: the list of drafts (not a wizard step; reached from the header).
    Drafts,
    /// 导入已有报告 (not a wizard step).
    Import,
}

impl Step {
    /// All steps of a template, in order: a new section in the template gives a new step.
    pub fn all(template: &Template) -> Vec<Step> {
        let mut steps = vec![Step::Info, Step::Intro];
        steps.extend((0..template.sections.len()).map(Step::Section));
        steps.push(Step::Check);
        steps
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

/// An item removed a moment ago, kept for 撤销.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub section: String,
    pub index: usize,
    pub item: Item,
    /// Distinguishes successive removals so an old timer does not hide a newer toast.
    pub serial: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Storage id of the open draft (several drafts can be kept).
    pub draft_id: String,
    pub template: Rc<Template>,
    pub draft: Draft,
    pub step: Step,
    /// Bumped on every draft change; autosave and the preview key on it.
    pub revision: u64,
    pub removed: Option<Removed>,
    /// Element id to focus after the next render (diagnostic links, navigation).
    pub focus: Option<String>,
    /// The part being edited, for scrolling the preview.
    pub anchor: Option<String>,
    /// The pre-export diagnostics, recomputed on every change.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// Sentences nearly identical to last year's report (not dismissed), when there is one.
    pub similar: Rc<Vec<Similar>>,
    /// Why the draft cannot be edited now (saved by a newer version, being edited in another
    /// tab); `None` when it can. The reducer refuses edits meanwhile; the banner says why.
    pub read_only: Option<String>,
    /// A message about the open draft shown above the steps until dismissed (its template is not
    /// on this computer and it was opened with the default one).
    pub notice: Option<String>,
}

pub enum Action {
    Edit(Edit),
    /// Open another draft (from 我的报告, an import or a backup), at its first step.
    Open { id: String, template: Rc<Template>, draft: Box<Draft> },
    GoTo(Step),
    /// Navigate and focus a field (diagnostic links).
    GoToField(Step, String),
    Undo,
    DismissUndo(u32),
    FocusDone,
    Editing(String),
    /// Storage says the draft is read-only (and why) or editable again (`None`).
    SetReadOnly(Option<String>),
    /// Show the stored copy another tab saved (also while read-only; it is not an edit).
    ShowStored(Box<Draft>),
    /// 更换模板: the open draft continues with another template (`report::convert` made the
    /// draft); the step stays where it is when the new template has it.
    ChangeTemplate { template: Rc<Template>, draft: Box<Draft> },
    /// Show (or with `None` dismiss) the notice about the open draft.
    Notice(Option<String>),
}

impl AppState {
    pub fn new(draft_id: String, template: Rc<Template>, draft: Draft, step: Step) -> AppState {
        let diagnostics = Rc::new(validate::check(&draft, &template));
        let similar = Rc::new(similar_to_last_year(&draft, &template));
        AppState {
            similar,
            draft_id,
            template,
            draft,
            step,
            revision: 0,
            removed: None,
            focus: Some("step-heading".into()),
            anchor: None,
            diagnostics,
            read_only: None,
            notice: None,
        }
    }

    pub fn steps(&self) -> Vec<Step> {
        Step::all(&self.template)
    }

    fn with_draft_change(&mut self) {
        self.revision += 1;
        self.diagnostics = Rc::new(validate::check(&self.draft, &self.template));
        self.similar = Rc::new(similar_to_last_year(&self.draft, &self.template));
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Read-only: no edit may change the draft (storage would refuse to write it anyway).
        if self.read_only.is_some() && matches!(action, Action::Edit(_) | Action::Undo) {
            return self;
        }
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => match apply(&mut next.draft, edit) {
                Applied::Ignored => return self,
                Applied::Changed => next.with_draft_change(),
                Applied::Removed { index, item } => {
                    let serial = self.removed.as_ref().map_or(1, |r| r.serial + 1);
                    if let Some(section) = removed_from(&self.draft, &item) {
                        next.removed = Some(Removed { section, index, item, serial });
                    }
                    next.with_draft_change();
                }
            },
            Action::Open { id, template, draft } => {
                let mut opened = AppState::new(id, template, *draft, Step::Info);
                // A new revision so autosave writes the opened draft under its id.
                opened.revision = self.revision + 1;
                opened.focus = Some("step-heading".into());
                return Rc::new(opened);
            }
            Action::GoTo(step) => {
                if next.step == step {
                    return self;
                }
                next.step = step;
                next.focus = Some("step-heading".into());
            }
            Action::GoToField(step, field) => {
                next.step = step;
                next.focus = Some(field);
            }
            Action::Undo => {
                let Some(removed) = next.removed.take() else { return self };
                let edit = Edit::RestoreItem { section: removed.section, index: removed.index, item: removed.item };
                if apply(&mut next.draft, edit) == Applied::Changed {
                    next.with_draft_change();
                }
            }
            Action::DismissUndo(serial) => {
                if next.removed.as_ref().map(|r| r.serial) != Some(serial) {
                    return self;
                }
                next.removed = None;
            }
            Action::FocusDone => {
                if next.focus.is_none() {
                    return self;
                }
                next.focus = None;
            }
            Action::SetReadOnly(why) => {
                if next.read_only == why {
                    return self;
                }
                next.read_only = why;
            }
            Action::ShowStored(draft) => {
                if next.draft == *draft {
                    return self;
                }
                // Through `apply` like every draft change (the read-only check above is for
                // the user's edits; this is storage's copy).
                apply(&mut next.draft, Edit::Replace(draft));
                next.removed = None;
                next.with_draft_change();
            }
            Action::ChangeTemplate { template, draft } => {
                next.template = template;
                // Through `apply` like every draft change; the template changes with it so the
                // diagnostics below are the new template's.
                apply(&mut next.draft, Edit::Replace(draft));
                next.removed = None;
                next.notice = None;
                if let Step::Section(i) = next.step {
                    if i >= next.template.sections.len() {
                        next.step = Step::Info;
                    }
                }
                next.with_draft_change();
            }
            Action::Notice(text) => {
                if next.notice == text {
                    return self;
                }
                next.notice = text;
            }
            Action::Editing(anchor) => {
                if next.anchor.as_deref() == Some(anchor.as_str()) {
                    return self;
                }
                next.anchor = Some(anchor);
            }
        }
        Rc::new(next)
    }
}

/// The sameness check against the report this draft grew out of, minus accepted sentences.
fn similar_to_last_year(draft: &Draft, template: &Template) -> Vec<Similar> {
    let Some(last) = draft.last_year.as_deref() else { return Vec::new() };
    let mut found = similar_sentences(draft, last, template);
    found.retain(|s| !draft.dismissed.contains(&s.key));
    found
}

/// The section an item was in before it was removed.
fn removed_from(before: &Draft, item: &Item) -> Option<String> {
    before
        .sections
        .iter()
        .find(|s| s.items.iter().any(|i| i.id == item.id))
        .map(|s| s.id.clone())
}
