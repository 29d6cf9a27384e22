//! How far each wizard step has got, with the check's findings that make it 有问题 (so the step
//! itself can say why). Completeness is the check's own rules, not a second copy of them.

use crate::report::diagnostic::{Code, Diagnostic, Severity};
use crate::report::validate::code;
use crate::report::{Draft, Template};

use super::navigation::locate;
use super::steps::Step;

/// How far a step has got, shown in the step list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Empty,
    InProgress,
    Complete,
    /// The check found errors in this step.
    Problems,
}

/// A step's status and the check's findings that belong to it: its errors (why it is 有问题) and
/// warnings, in the check's order. Empty before the user has written anything in the step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepReport {
    pub status: StepStatus,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The check's findings that mean "not finished yet" rather than "wrong". A step with text in
/// it and none of these is complete: completeness is the check's rules, not a second copy.
const INCOMPLETE: &[Code] =
    &[code::MISSING_FIELD, code::MISSING_INTRO, code::MISSING_SECTION, code::MISSING_CAUSE, code::MISSING_TITLE, code::TITLE_ONLY, code::ITEM_COUNT];

/// The status of `step` given the draft and the check's findings about it. Nothing is 有问题
/// before the user has started: a step without text is 未开始 whatever the check says about it.
/// 检查与导出 is 已完成 once the report has no errors left; its own errors (the whole report,
/// the closing, what could not be placed) make it 有问题, errors elsewhere 填写中.
pub fn report(step: &Step, draft: &Draft, template: &Template, diagnostics: &[Diagnostic]) -> StepReport {
    let own = |d: &&Diagnostic| match step {
        Step::Drafts | Step::Import => false,
        _ => locate(template, &d.place).0 == *step,
    };
    let here: Vec<&Diagnostic> = diagnostics.iter().filter(own).collect();
    let started = match step {
        Step::Check => Step::all(template).iter().any(|s| *s != Step::Check && has_text(s, draft, template)),
        _ => has_text(step, draft, template),
    };
    if !started {
        return StepReport { status: StepStatus::Empty, errors: Vec::new(), warnings: Vec::new() };
    }
    let of = |severity: Severity| here.iter().filter(|d| d.severity == severity).map(|d| (*d).clone()).collect::<Vec<_>>();
    let (errors, warnings) = (of(Severity::Error), of(Severity::Warning));
    let status = if !errors.is_empty() {
        StepStatus::Problems
    } else if *step == Step::Check {
        let any_error = diagnostics.iter().any(|d| d.severity == Severity::Error);
        if any_error { StepStatus::InProgress } else { StepStatus::Complete }
    } else if here.iter().any(|d| INCOMPLETE.contains(&d.code)) {
        StepStatus::InProgress
    } else {
        StepStatus::Complete
    };
    StepReport { status, errors, warnings }
}

/// Whether the user has written anything in the step.
fn has_text(step: &Step, draft: &Draft, template: &Template) -> bool {
    let written = |text: &str| !text.trim().is_empty();
    match step {
        Step::Info => template.fields.iter().any(|f| written(draft.info(&f.key))),
        Step::Intro => written(&draft.intro),
        Step::Section(i) => template
            .sections
            .get(*i)
            .and_then(|spec| draft.section(&spec.id))
            .is_some_and(|s| s.items.iter().any(|it| written(&it.body) || written(&it.cause))),
        Step::Check | Step::Drafts | Step::Import => false,
    }
}

/// The share of wizard steps (without 检查与导出) that are complete, in percent.
pub fn progress(reports: &[StepReport]) -> usize {
    let countable = reports.len().saturating_sub(1).max(1);
    let done = reports.iter().take(countable).filter(|r| r.status == StepStatus::Complete).count();
    done * 100 / countable
}
