//! The app's state and its update function: what is on screen (the draft, its template, the
//! step, the undo offer, focus and scroll requests, the check's findings) and the events that
//! change it. Draft changes go through the core's `report::apply`; everything else is navigation
//! and transient UI state. The Yew layer's `Reducible` is a thin adapter over `update`.

use std::rc::Rc;

use crate::report::yearly::{similar_sentences, Similar};
use crate::report::{apply, validate, Applied, Diagnostic, Draft, Edit, Item, Template};

use super::navigation::STEP_HEADING;
use crate::report::open::{OpenedDraft, TemplateMissing};
use super::session::{ReadOnly, ToOpen};
use super::status::{self, StepReport};
use super::steps::Step;

/// An item removed a moment ago, kept for 撤销.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub section: String,
    pub index: usize,
    pub item: Item,
    /// Distinguishes successive removals so an old timer does not hide a newer offer.
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
    /// Element id to focus after the next render (navigation, the check's links).
    pub focus: Option<String>,
    /// The preview anchor of the part being edited, to scroll the preview to it.
    pub anchor: Option<String>,
    /// The check's findings, recomputed on every change.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// Sentences nearly identical to last year's report (not dismissed), when there is one.
    pub similar: Rc<Vec<Similar>>,
    /// Why the draft can't be edited now; `update` refuses edits meanwhile.
    pub read_only: Option<ReadOnly>,
    /// The draft's template was not on this computer and it opened with another one: said
    /// above the steps until dismissed.
    pub notice: Option<TemplateMissing>,
}

/// What happened: the user's actions and the storage's news, named after the event.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user changed the draft: typed, added, removed or moved an item, set a number or the
    /// layout, kept a sentence from last year.
    Edited(Edit),
    /// A one-click fix from the check: its edits as one change.
    FixApplied(Vec<Edit>),
    /// 撤销 after removing an item.
    UndoRequested,
    /// The offer to undo removal number `serial` timed out.
    UndoExpired(u32),
    /// Another draft opened (我的报告, an import, a backup, next year's report), at its first step.
    DraftOpened(Box<ToOpen>),
    /// 更换模板, or a snapshot from before one: the open draft continues with another template.
    TemplateChanged(Box<OpenedDraft>),
    /// A snapshot of the open draft was restored.
    SnapshotRestored(Box<OpenedDraft>),
    /// Another tab saved this draft and this tab follows it (read-only).
    OtherTabSaved(Box<OpenedDraft>),
    StorageBecameReadOnly(ReadOnly),
    StorageBecameWritable,
    StepChosen(Step),
    /// Go to a step and focus one field there (the check's links, a moved item).
    FieldRequested { step: Step, field: String },
    /// The focus request was carried out.
    FocusMoved,
    /// A field of this preview anchor got focus.
    PartFocused(String),
    NoticeDismissed,
}

impl AppState {
    pub fn new(draft_id: String, template: Rc<Template>, draft: Draft, step: Step) -> AppState {
        let mut state = AppState {
            diagnostics: Rc::new(Vec::new()),
            similar: Rc::new(Vec::new()),
            draft_id,
            template,
            draft,
            step,
            revision: 0,
            removed: None,
            focus: None,
            anchor: None,
            read_only: None,
            notice: None,
        };
        state.recheck();
        state
    }

    /// The state for a draft storage handed over, at `step`.
    pub fn opened(open: ToOpen, step: Step) -> AppState {
        let OpenedDraft { template, draft, missing } = open.opened;
        let step = if step_exists(&step, &template) { step } else { Step::Info };
        let mut state = AppState::new(open.id, Rc::new(template), draft, step);
        state.read_only = open.read_only;
        state.notice = missing;
        state
    }

    /// The wizard's steps for this draft's template.
    pub fn steps(&self) -> Vec<Step> {
        Step::all(&self.template)
    }

    /// A step's status and its errors.
    pub fn step_report(&self, step: &Step) -> StepReport {
        status::report(step, &self.draft, &self.template, &self.diagnostics)
    }

    fn recheck(&mut self) {
        self.diagnostics = Rc::new(validate::check(&self.draft, &self.template));
        self.similar = Rc::new(similar_to_last_year(&self.draft, &self.template));
    }

    fn draft_changed(&mut self) {
        self.revision += 1;
        self.recheck();
    }

    /// Replaces the draft (and maybe the template) by one storage or the user handed over.
    fn replace(&mut self, opened: OpenedDraft) {
        let OpenedDraft { template, draft, missing } = opened;
        if *self.template != template {
            self.template = Rc::new(template);
        }
        // Through `apply` like every draft change.
        apply(&mut self.draft, Edit::Replace(Box::new(draft)));
        self.removed = None;
        if missing.is_some() {
            self.notice = missing;
        }
        if !step_exists(&self.step, &self.template) {
            self.step = Step::Info;
        }
        self.draft_changed();
    }
}

/// Applies one event to the state. Returns whether anything changed (Yew re-renders only then).
pub fn update(state: &mut AppState, action: Action) -> bool {
    // Read-only: no edit may change the draft (storage would refuse to write it anyway).
    let is_edit = matches!(action, Action::Edited(_) | Action::FixApplied(_) | Action::UndoRequested);
    if state.read_only.is_some() && is_edit {
        return false;
    }
    match action {
        Action::Edited(edit) => edited(state, edit),
        Action::FixApplied(edits) => {
            let mut changed = false;
            for edit in edits {
                changed |= apply(&mut state.draft, edit) != Applied::Ignored;
            }
            if changed {
                state.draft_changed();
            }
            changed
        }
        Action::UndoRequested => {
            let Some(removed) = state.removed.take() else { return false };
            let edit = Edit::RestoreItem { section: removed.section, index: removed.index, item: removed.item };
            if apply(&mut state.draft, edit) == Applied::Changed {
                state.draft_changed();
            }
            true
        }
        Action::UndoExpired(serial) => {
            if state.removed.as_ref().map(|r| r.serial) != Some(serial) {
                return false;
            }
            state.removed = None;
            true
        }
        Action::DraftOpened(open) => {
            let revision = state.revision;
            *state = AppState::opened(*open, Step::Info);
            // A new revision so autosave writes the opened draft under its id.
            state.revision = revision + 1;
            state.focus = Some(STEP_HEADING.into());
            true
        }
        Action::TemplateChanged(opened) => {
            state.notice = None;
            state.replace(*opened);
            true
        }
        Action::SnapshotRestored(opened) | Action::OtherTabSaved(opened) => {
            if state.draft == opened.draft && *state.template == opened.template {
                return false;
            }
            state.replace(*opened);
            true
        }
        Action::StorageBecameReadOnly(why) => set_if_changed(&mut state.read_only, Some(why)),
        Action::StorageBecameWritable => set_if_changed(&mut state.read_only, None),
        Action::StepChosen(step) => {
            if state.step == step {
                return false;
            }
            state.step = step;
            state.focus = Some(STEP_HEADING.into());
            true
        }
        Action::FieldRequested { step, field } => {
            state.step = step;
            state.focus = Some(field);
            true
        }
        Action::FocusMoved => set_if_changed(&mut state.focus, None),
        Action::PartFocused(anchor) => set_if_changed(&mut state.anchor, Some(anchor)),
        Action::NoticeDismissed => set_if_changed(&mut state.notice, None),
    }
}

fn edited(state: &mut AppState, edit: Edit) -> bool {
    let removing_from = match &edit {
        Edit::RemoveItem { section, .. } => Some(section.clone()),
        _ => None,
    };
    match apply(&mut state.draft, edit) {
        Applied::Ignored => false,
        Applied::Changed => {
            state.draft_changed();
            true
        }
        Applied::Removed { index, item } => {
            let serial = state.removed.as_ref().map_or(1, |r| r.serial.wrapping_add(1));
            if let Some(section) = removing_from {
                state.removed = Some(Removed { section, index, item, serial });
            }
            state.draft_changed();
            true
        }
    }
}

fn set_if_changed<T: PartialEq>(slot: &mut T, value: T) -> bool {
    if *slot == value {
        return false;
    }
    *slot = value;
    true
}

/// Whether `step` exists under `template` (a section step needs its section).
fn step_exists(step: &Step, template: &Template) -> bool {
    match step {
        Step::Section(i) => *i < template.sections.len(),
        _ => true,
    }
}

/// The sameness check against the report this draft grew out of, minus accepted sentences.
fn similar_to_last_year(draft: &Draft, template: &Template) -> Vec<Similar> {
    let Some(last) = draft.last_year.as_deref() else { return Vec::new() };
    let mut found = similar_sentences(draft, last, template);
    found.retain(|s| !draft.dismissed.contains(&s.key));
    found
}
